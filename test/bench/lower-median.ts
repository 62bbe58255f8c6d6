/** The lower median (for an even count, the smaller of the two middle values): always one of the measured figures. */
export function lowerMedian(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
