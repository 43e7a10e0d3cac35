// Placeholder until the screen is built (issue 4).
export default function SchoolPage() {
  return <p>SchoolPage</p>;
}
