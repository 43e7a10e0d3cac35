// Placeholder until the screen is built (issue 4).
export default function EventPage() {
  return <p>EventPage</p>;
}
