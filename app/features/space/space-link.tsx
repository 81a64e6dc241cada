import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { spaceKeys, type Space } from '../../api/space.js';
import { useT } from '../../i18n/use-t.js';

/** The way into a group's space from a member's group card, with how many posts are new since they last looked. */
export function SpaceLink({ groupId }: { groupId: string }) {
  const t = useT();
  const space = useQuery({
    queryKey: spaceKeys.space(groupId),
    queryFn: () => api<Space>(`/api/groups/${groupId}/space`),
  });
  const unread = space.data?.unread ?? 0;
  return (
    <p>
      <Link className="button" to={`/groups/${groupId}/space`}>
        {t('space.link.member')}
      </Link>{' '}
      {unread > 0 && <span className="tag">{t('space.link.unread', { count: unread })}</span>}
    </p>
  );
}
