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
    <figure className="history-opinion">
      <figcaption className="history-comment-label">{t('instance.opinion')}</figcaption>
      <blockquote className="history-comment data-text">{text}</blockquote>
    </figure>
  );
}
