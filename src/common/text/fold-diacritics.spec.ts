import { foldDiacritics, searchableText } from './fold-diacritics';

describe('foldDiacritics', () => {
  it('removes Vietnamese tone and vowel marks and maps đ', () => {
    expect(foldDiacritics('Phối hợp liên tịch — Đảng ủy xã')).toBe(
      'phoi hop lien tich — dang uy xa',
    );
    expect(foldDiacritics('Ủy ban MTTQ')).toBe('uy ban mttq');
  });

  it('collects strings and numbers from nested form data', () => {
    expect(searchableText('Quy chế', { items: [{ nội_dung: 'Dân vận khéo' }, 2026] })).toBe(
      'quy che dan van kheo 2026',
    );
  });
});
