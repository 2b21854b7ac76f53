import { contentDisposition, extensionFits, safeFileName } from './file-names';

describe('attachment file names', () => {
  it('keeps Vietnamese names, drops directories and reserved characters', () => {
    expect(safeFileName('Biên bản họp liên tịch.pdf')).toBe('Biên bản họp liên tịch.pdf');
    expect(safeFileName('C:\\Users\\x\\..\\Quy chế.docx')).toBe('Quy chế.docx');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('a"b<c>|\u0000d.pdf')).toBe('abcd.pdf');
    expect(safeFileName('   ')).toBe('tep-dinh-kem');
    expect(safeFileName(undefined)).toBe('tep-dinh-kem');
    const long = safeFileName(`${'á'.repeat(300)}.xlsx`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.xlsx')).toBe(true);
  });

  it('sends an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Biên bản "họp" đầu năm.pdf')).toBe(
      `attachment; filename="Bien ban _hop_ dau nam.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20%22h%E1%BB%8Dp%22%20%C4%91%E1%BA%A7u%20n%C4%83m.pdf`,
    );
  });

  it('checks the extension against the content kind', () => {
    expect(extensionFits('x.PDF', ['.pdf'])).toBe(true);
    expect(extensionFits('x', ['.pdf'])).toBe(true);
    expect(extensionFits('x.png', ['.pdf'])).toBe(false);
  });
});
