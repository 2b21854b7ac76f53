import { escapeLike } from '../common/text/like-pattern';
import { SqlConditions } from './sql-conditions';

describe('SqlConditions', () => {
  it('numbers placeholders in the order parameters are added', () => {
    const sql = new SqlConditions();
    sql.and(`a = ${sql.param(1)}`);
    sql.and(`(b = ${sql.param('x')} OR c = ${sql.param(true)})`);
    expect(sql.whereSql()).toBe('a = $1 AND (b = $2 OR c = $3)');
    expect(sql.params).toEqual([1, 'x', true]);
  });

  it('answers true without conditions', () => {
    expect(new SqlConditions().whereSql()).toBe('true');
  });

  it('clones: the copy grows, the original stays as it was', () => {
    const sql = new SqlConditions();
    sql.and(`a = ${sql.param(1)}`);
    const copy = sql.clone();
    copy.and(`b > ${copy.param(2)}`);
    expect(copy.whereSql()).toBe('a = $1 AND b > $2');
    expect(copy.params).toEqual([1, 2]);
    expect(sql.whereSql()).toBe('a = $1');
    expect(sql.params).toEqual([1]);
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
});
