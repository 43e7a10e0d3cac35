// Placeholder until the screen is built (issue 4).
export default function SchoolListPage() {
  return <p>SchoolListPage</p>;
}
