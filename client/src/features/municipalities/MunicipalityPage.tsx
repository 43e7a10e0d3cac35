// Placeholder until the screen is built (issue 4).
export default function MunicipalityPage() {
  return <p>MunicipalityPage</p>;
}
