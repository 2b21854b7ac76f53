/** Where one unit's instance of a campaign stands against the campaign's due date. */
export type CampaignStanding = 'completed' | 'overdue' | 'notStarted' | 'inProgress' | 'cancelled';

export const STANDING_LABELS: Readonly<Record<CampaignStanding, string>> = {
  completed: 'Đã hoàn thành',
  overdue: 'Quá hạn',
  notStarted: 'Chưa thực hiện',
  inProgress: 'Đang thực hiện',
  cancelled: 'Đã hủy',
};

export interface CampaignProgress {
  total: number;
  completed: number;
  overdue: number;
  notStarted: number;
  inProgress: number;
  cancelled: number;
}

/**
 * An active instance past the due date is overdue whatever step it reached; before it, one still
 * at version 1 (nothing applied since it was opened) has not started.
 */
export function standingOf(
  item: { status: string; version: number; dueAt: Date },
  now: Date,
): CampaignStanding {
  if (item.status === 'completed') return 'completed';
  if (item.status === 'cancelled') return 'cancelled';
  if (now.getTime() > item.dueAt.getTime()) return 'overdue';
  return item.version > 1 ? 'inProgress' : 'notStarted';
}

export function progressOf(standings: readonly CampaignStanding[]): CampaignProgress {
  const progress: CampaignProgress = {
    total: standings.length,
    completed: 0,
    overdue: 0,
    notStarted: 0,
    inProgress: 0,
    cancelled: 0,
  };
  for (const standing of standings) progress[standing] += 1;
  return progress;
}
