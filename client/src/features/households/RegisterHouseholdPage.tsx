// Placeholder until the screen is built (issue 4).
export default function RegisterHouseholdPage() {
  return <p>RegisterHouseholdPage</p>;
}
