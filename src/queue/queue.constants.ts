/** Every queue and job name, and the payload each job carries: ids only, never state. */
export const COMMANDS_QUEUE = 'workflow-commands';

export const JobName = {
  ApplyCommand: 'apply-command',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface ApplyCommandPayload {
  commandId: string;
}

export interface JobPayloads {
  [JobName.ApplyCommand]: ApplyCommandPayload;
}
