import { escalationTargetFor } from './escalation-target';
import { directoryOf, districtUnits, provinceUnits } from './testing/org-fixtures';

describe('escalationTargetFor', () => {
  const district = directoryOf(districtUnits());

  it.each([
    ['xa-a.mttq', 'xa-a.dang-uy', "a commune's Front goes to the commune Party committee"],
    ['xa-a.hoi-nong-dan', 'xa-a.dang-uy', "a commune's organisation likewise"],
    ['xa-a.dang-uy', 'thuong-truc', 'the commune committee goes to the district standing board'],
    [
      'dan-van',
      'thuong-truc',
      "the district's Dân vận Board goes to its committee's standing board",
    ],
    ['btv', 'thuong-truc', 'so does the Standing Committee'],
    ['mttq-huyen', 'thuong-truc', "and the district's Front"],
    ['phong-tu-phap', 'thuong-truc', 'and a department below the People’s Committee'],
  ])('%s → %s (%s)', (unit, expected) => {
    expect(escalationTargetFor(unit, district)).toBe(expected);
  });

  it('has nothing above the top committee', () => {
    expect(escalationTargetFor('thuong-truc', district)).toBeNull();
    expect(escalationTargetFor('huyen-uy', district)).toBeNull();
  });

  it('serves the two-tier province–commune hierarchy unchanged', () => {
    const province = directoryOf(provinceUnits());
    expect(escalationTargetFor('xa-c.mttq', province)).toBe('xa-c.dang-uy');
    expect(escalationTargetFor('xa-c.dang-uy', province)).toBe('tt-tinh-uy');
    expect(escalationTargetFor('dan-van-tinh', province)).toBe('tt-tinh-uy');
  });

  it('returns null for an unknown unit', () => {
    expect(escalationTargetFor('nowhere', district)).toBeNull();
  });
});
