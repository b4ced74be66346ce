export const double = (x) => 2 * x;
export default function triple(x) { return 3 * x; }
export let counter = 0;
export function bump() { counter++; }
