// Placeholder until the screen is built (issue 4).
export default function MunicipalityListPage() {
  return <p>MunicipalityListPage</p>;
}
