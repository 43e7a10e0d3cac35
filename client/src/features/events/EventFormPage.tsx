// Placeholder until the screen is built (issue 4).
export default function EventFormPage() {
  return <p>EventFormPage</p>;
}
