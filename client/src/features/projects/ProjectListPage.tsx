// Placeholder until the screen is built (issue 4).
export default function ProjectListPage() {
  return <p>ProjectListPage</p>;
}
