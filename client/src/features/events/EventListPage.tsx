// Placeholder until the screen is built (issue 4).
export default function EventListPage() {
  return <p>EventListPage</p>;
}
