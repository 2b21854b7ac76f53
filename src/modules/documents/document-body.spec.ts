import { documentBody } from './document-body';

describe('documentBody', () => {
  const properties = {
    regulationTitle: { type: 'string', title: 'Tên quy chế' },
    signedDate: { type: 'string', title: 'Ngày ký', format: 'date' },
    issuingParties: { type: 'array', title: 'Các bên ký kết', items: { type: 'string' } },
    organizations: {
      type: 'array',
      title: 'Cơ quan, tổ chức phối hợp',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', title: 'Tên' },
          orgUnitId: { type: 'string', title: 'Đơn vị', format: 'uuid' },
          role: {
            type: 'string',
            title: 'Vai trò',
            'x-enum-titles': { lead: { vi: 'Chủ trì' }, partner: { vi: 'Phối hợp' } },
          },
        },
      },
    },
    internal: { type: 'string' },
  };

  it('writes each titled field, lists as dashes, records numbered, dates as dd/mm/yyyy', () => {
    expect(
      documentBody(
        {
          regulationTitle: 'Quy chế phối hợp',
          signedDate: '2023-03-15',
          issuingParties: ['Ủy ban MTTQ xã', 'UBND xã'],
          organizations: [{ name: 'Hội Nông dân xã', orgUnitId: '2f0c', role: 'partner' }],
          internal: 'never printed',
        },
        properties,
      ),
    ).toEqual([
      { text: 'Tên quy chế: Quy chế phối hợp', level: 0 },
      { text: 'Ngày ký: 15/03/2023', level: 0 },
      { text: 'Các bên ký kết:', level: 0, heading: true },
      { text: '- Ủy ban MTTQ xã', level: 1 },
      { text: '- UBND xã', level: 1 },
      { text: 'Cơ quan, tổ chức phối hợp:', level: 0, heading: true },
      { text: '1. Hội Nông dân xã', level: 1 },
      { text: 'Vai trò: Phối hợp', level: 2 },
    ]);
  });
});
