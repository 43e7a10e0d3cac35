// Placeholder until the screen is built (issue 4).
export default function ProjectPage() {
  return <p>ProjectPage</p>;
}
