import { useI18n } from '../i18n/i18n';

export interface ActorNames {
  username: string;
  fullName: string | null;
  orgUnitName: string | null;
}

/** Who acted: full name first, then username and unit, and for whom under a delegation. */
export function ActorLine({
  actor,
  unitFallback,
  onBehalfOf,
}: {
  actor: ActorNames;
  /** The unit's name when the event does not carry it. */
  unitFallback: string;
  onBehalfOf?: { username: string; fullName: string } | null;
}) {
  const { t } = useI18n();
  return (
    <div className="history-actor">
      {t('instance.historyBy')}: <strong>{actor.fullName || actor.username}</strong> (
      {actor.username} · {actor.orgUnitName || unitFallback})
      {onBehalfOf &&
        ` — ${t('instance.onBehalfOf', { name: onBehalfOf.fullName || onBehalfOf.username })}`}
    </div>
  );
}

/** What the official wrote with the action (opinion fields and comment), as they wrote it. */
export function OpinionQuote({ text }: { text: string | null }) {
  const { t } = useI18n();
  if (!text) return null;
  return (
    <blockquote className="history-comment data-text" aria-label={t('instance.opinion')}>
      <span className="history-comment-label">{t('instance.opinion')}: </span>
      {text}
    </blockquote>
  );
}
