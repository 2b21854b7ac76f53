import { type DataSource, type EntityManager } from 'typeorm';
import { ActiveUsersCache } from './active-users.cache';
import { type User } from './user.entity';
import { type UsersRepository } from './users.repository';
import { type UserPostsRepository } from './user-posts.repository';

describe('ActiveUsersCache', () => {
  const user = {
    id: 'u1',
    username: 'mttq.an-binh',
    roles: ['official'],
    capabilities: ['drafter'],
    orgUnitId: 'unit-1',
    tokenVersion: 3,
  } as User;
  const manager = {} as EntityManager;
  const dataSource = { manager } as DataSource;

  function cacheOver(findActiveById: jest.Mock): ActiveUsersCache {
    return new ActiveUsersCache(
      dataSource,
      { findActiveById } as unknown as UsersRepository,
      {
        postsOf: async () => [],
      } as unknown as UserPostsRepository,
    );
  }

  it('shares one read between concurrent requests for a user, on the global manager', async () => {
    const find = jest.fn(async () => user);
    const cache = cacheOver(find);

    const [a, b] = await Promise.all([cache.current('u1'), cache.current('u1')]);

    expect(find).toHaveBeenCalledTimes(1);
    expect(find).toHaveBeenCalledWith(manager, 'u1');
    expect(a).toEqual({
      user: {
        id: 'u1',
        username: 'mttq.an-binh',
        roles: ['official'],
        capabilities: ['drafter'],
        orgUnitId: 'unit-1',
      },
      tokenVersion: 3,
    });
    expect(b).toBe(a);
  });

  it('does not keep a failed read: the next request reads again', async () => {
    const find = jest.fn().mockRejectedValueOnce(new Error('connection lost'));
    find.mockResolvedValueOnce(user);
    const cache = cacheOver(find);

    await expect(cache.current('u1')).rejects.toThrow('connection lost');
    await expect(cache.current('u1')).resolves.toMatchObject({ tokenVersion: 3 });
    expect(find).toHaveBeenCalledTimes(2);
  });

  it('reads again after forget, and caches a deactivated user as null', async () => {
    const find = jest.fn().mockResolvedValueOnce(user).mockResolvedValueOnce(null);
    const cache = cacheOver(find);

    await cache.current('u1');
    cache.forget('u1');
    await expect(cache.current('u1')).resolves.toBeNull();
    await expect(cache.current('u1')).resolves.toBeNull();
    expect(find).toHaveBeenCalledTimes(2);
  });
});
