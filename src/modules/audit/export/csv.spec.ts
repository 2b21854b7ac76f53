import { csvRecord } from './csv';

describe('csvRecord', () => {
  it('leaves plain Vietnamese text alone and ends with CRLF', () => {
    expect(csvRecord(['Đảng ủy xã An Bình', 3, null, true])).toBe('Đảng ủy xã An Bình,3,,true\r\n');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvRecord(['a,b', 'say "Đồng ý"', 'dòng 1\ndòng 2'])).toBe(
      '"a,b","say ""Đồng ý""","dòng 1\ndòng 2"\r\n',
    );
  });

  it('defuses spreadsheet formulas in text but not in numbers', () => {
    expect(csvRecord(['=HYPERLINK("x")', '-1', -1, '@SUM(A1)'])).toBe(
      `"'=HYPERLINK(""x"")",'-1,-1,'@SUM(A1)\r\n`,
    );
  });
});
