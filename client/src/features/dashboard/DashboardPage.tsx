// Placeholder until the screen is built (issue 4).
export default function DashboardPage() {
  return <p>DashboardPage</p>;
}
