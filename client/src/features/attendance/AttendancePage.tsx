// Placeholder until the screen is built (issue 4).
export default function AttendancePage() {
  return <p>AttendancePage</p>;
}
