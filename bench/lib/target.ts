/** One line of the bench's target table: what was promised, what was measured, and whether it holds. */
export interface Target {
  name: string;
  target: string;
  measured: number | string | null;
  met: boolean | null;
  note?: string;
}
