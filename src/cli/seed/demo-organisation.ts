import { type UserCapability, type UserRole } from '../../modules/users/user.entity';

/**
 * The demo organisation: a district with its Party bodies, People's Committee and departments,
 * Fatherland Front and organisations, and four communes/townships. Kinds are data too; a two-tier
 * province–commune hierarchy is seeded the same way with the `province` kind at the top.
 */
export interface SeedUnitKind {
  key: string;
  nameVi: string;
  nameEn: string;
  isJurisdiction: boolean;
  /** Units of this kind read the cases of the same kind below them (the Front's own chain). */
  readsOwnChain: boolean;
}

export interface SeedUnit {
  slug: string;
  name: string;
  nameEn: string;
  kind: string;
  parentSlug: string | null;
}

export interface SeedUser {
  username: string;
  fullName: string;
  roles: UserRole[];
  capabilities: UserCapability[];
  unitSlug: string;
}

export const DEMO_UNIT_KINDS: readonly SeedUnitKind[] = [
  {
    key: 'province',
    nameVi: 'Tỉnh, thành phố',
    nameEn: 'Province',
    isJurisdiction: true,
    readsOwnChain: false,
  },
  {
    key: 'district',
    nameVi: 'Huyện',
    nameEn: 'District',
    isJurisdiction: true,
    readsOwnChain: false,
  },
  {
    key: 'commune',
    nameVi: 'Xã, thị trấn',
    nameEn: 'Commune or township',
    isJurisdiction: true,
    readsOwnChain: false,
  },
  {
    key: 'party-committee',
    nameVi: 'Cấp ủy Đảng',
    nameEn: 'Party committee',
    isJurisdiction: false,
    readsOwnChain: false,
  },
  {
    key: 'standing-board',
    nameVi: 'Thường trực cấp ủy',
    nameEn: 'Standing Board',
    isJurisdiction: false,
    readsOwnChain: false,
  },
  {
    key: 'standing-committee',
    nameVi: 'Ban Thường vụ',
    nameEn: 'Standing Committee',
    isJurisdiction: false,
    readsOwnChain: false,
  },
  {
    key: 'mass-mobilization-board',
    nameVi: 'Ban Dân vận',
    nameEn: 'Mass Mobilisation Board',
    isJurisdiction: false,
    readsOwnChain: false,
  },
  {
    key: 'peoples-committee',
    nameVi: 'Ủy ban nhân dân',
    nameEn: "People's Committee",
    isJurisdiction: false,
    readsOwnChain: false,
  },
  {
    key: 'department',
    nameVi: 'Phòng, ban chuyên môn',
    nameEn: 'Department',
    isJurisdiction: false,
    readsOwnChain: false,
  },
  {
    key: 'fatherland-front',
    nameVi: 'Ủy ban Mặt trận Tổ quốc',
    nameEn: 'Fatherland Front committee',
    isJurisdiction: false,
    readsOwnChain: true,
  },
  {
    key: 'mass-organization',
    nameVi: 'Tổ chức chính trị - xã hội',
    nameEn: 'Socio-political organisation',
    isJurisdiction: false,
    readsOwnChain: false,
  },
];

export interface DemoCommune {
  slug: string;
  name: string;
  nameEn: string;
}

/** Communes and the township; their slugs appear in the demo usernames (`mttq.<slug>`). */
export const DEMO_COMMUNES: readonly DemoCommune[] = [
  { slug: 'an-binh', name: 'Xã An Bình', nameEn: 'An Binh Commune' },
  { slug: 'phu-hoa', name: 'Xã Phú Hòa', nameEn: 'Phu Hoa Commune' },
  { slug: 'tan-loc', name: 'Xã Tân Lộc', nameEn: 'Tan Loc Commune' },
  { slug: 'thi-tran-chau-thanh', name: 'Thị trấn Châu Thành', nameEn: 'Chau Thanh Township' },
];

const DISTRICT = 'chau-thanh';
const HUYEN_UY = 'huyen-uy';

const DISTRICT_UNITS: readonly SeedUnit[] = [
  {
    slug: DISTRICT,
    name: 'Huyện Châu Thành',
    nameEn: 'Chau Thanh District',
    kind: 'district',
    parentSlug: null,
  },
  {
    slug: HUYEN_UY,
    name: 'Huyện ủy Châu Thành',
    nameEn: 'District Party Committee',
    kind: 'party-committee',
    parentSlug: DISTRICT,
  },
  {
    slug: 'thuong-truc-huyen-uy',
    name: 'Thường trực Huyện ủy',
    nameEn: 'Standing Board of the District Party Committee',
    kind: 'standing-board',
    parentSlug: HUYEN_UY,
  },
  {
    slug: 'ban-thuong-vu-huyen-uy',
    name: 'Ban Thường vụ Huyện ủy',
    nameEn: 'Standing Committee of the District Party Committee',
    kind: 'standing-committee',
    parentSlug: HUYEN_UY,
  },
  {
    slug: 'ban-dan-van-huyen-uy',
    name: 'Ban Dân vận Huyện ủy',
    nameEn: 'District Mass Mobilisation Board',
    kind: 'mass-mobilization-board',
    parentSlug: HUYEN_UY,
  },
  {
    slug: 'ubnd-huyen',
    name: 'Ủy ban nhân dân huyện Châu Thành',
    nameEn: "District People's Committee",
    kind: 'peoples-committee',
    parentSlug: DISTRICT,
  },
  {
    slug: 'phong-noi-vu',
    name: 'Phòng Nội vụ',
    nameEn: 'Home Affairs Office',
    kind: 'department',
    parentSlug: 'ubnd-huyen',
  },
  {
    slug: 'phong-van-hoa-thong-tin',
    name: 'Phòng Văn hóa - Thông tin',
    nameEn: 'Culture and Information Office',
    kind: 'department',
    parentSlug: 'ubnd-huyen',
  },
  {
    slug: 'phong-nong-nghiep',
    name: 'Phòng Nông nghiệp và Phát triển nông thôn',
    nameEn: 'Agriculture and Rural Development Office',
    kind: 'department',
    parentSlug: 'ubnd-huyen',
  },
  {
    slug: 'phong-lao-dong',
    name: 'Phòng Lao động - Thương binh và Xã hội',
    nameEn: 'Labour, Invalids and Social Affairs Office',
    kind: 'department',
    parentSlug: 'ubnd-huyen',
  },
  {
    slug: 'mttq-huyen',
    name: 'Ủy ban MTTQ Việt Nam huyện Châu Thành',
    nameEn: 'District Fatherland Front Committee',
    kind: 'fatherland-front',
    parentSlug: DISTRICT,
  },
  {
    slug: 'hoi-nong-dan-huyen',
    name: 'Hội Nông dân huyện',
    nameEn: "District Farmers' Union",
    kind: 'mass-organization',
    parentSlug: DISTRICT,
  },
  {
    slug: 'hoi-lhpn-huyen',
    name: 'Hội Liên hiệp Phụ nữ huyện',
    nameEn: "District Women's Union",
    kind: 'mass-organization',
    parentSlug: DISTRICT,
  },
  {
    slug: 'huyen-doan',
    name: 'Huyện đoàn',
    nameEn: 'District Youth Union',
    kind: 'mass-organization',
    parentSlug: DISTRICT,
  },
  {
    slug: 'hoi-ccb-huyen',
    name: 'Hội Cựu chiến binh huyện',
    nameEn: "District Veterans' Association",
    kind: 'mass-organization',
    parentSlug: DISTRICT,
  },
  {
    slug: 'ldld-huyen',
    name: 'Liên đoàn Lao động huyện',
    nameEn: 'District Labour Federation',
    kind: 'mass-organization',
    parentSlug: DISTRICT,
  },
];

function communeUnits({ slug, name, nameEn }: DemoCommune): SeedUnit[] {
  const place = name.replace(/^(Xã|Thị trấn) /, '');
  const level = name.startsWith('Thị trấn') ? 'thị trấn' : 'xã';
  const unit = (suffix: string, vi: string, en: string, kind: string): SeedUnit => ({
    slug: `${slug}.${suffix}`,
    name: `${vi} ${level} ${place}`,
    nameEn: `${en}, ${nameEn}`,
    kind,
    parentSlug: slug,
  });
  return [
    { slug, name, nameEn, kind: 'commune', parentSlug: DISTRICT },
    unit('dang-uy', 'Đảng ủy', 'Party Committee', 'party-committee'),
    unit('ubnd', 'Ủy ban nhân dân', "People's Committee", 'peoples-committee'),
    unit('mttq', 'Ủy ban MTTQ Việt Nam', 'Fatherland Front Committee', 'fatherland-front'),
    unit('hoi-nong-dan', 'Hội Nông dân', "Farmers' Union", 'mass-organization'),
    unit('hoi-lhpn', 'Hội Liên hiệp Phụ nữ', "Women's Union", 'mass-organization'),
    unit('doan-thanh-nien', 'Đoàn Thanh niên', 'Youth Union', 'mass-organization'),
    unit('hoi-ccb', 'Hội Cựu chiến binh', "Veterans' Association", 'mass-organization'),
  ];
}

/** Parents always come before their children. */
export const DEMO_UNITS: readonly SeedUnit[] = [
  ...DISTRICT_UNITS,
  ...DEMO_COMMUNES.flatMap(communeUnits),
];

export const DEMO_USERS: readonly SeedUser[] = [
  {
    username: 'admin',
    fullName: 'Quản trị hệ thống',
    roles: ['admin'],
    capabilities: [],
    unitSlug: DISTRICT,
  },
  {
    username: 'auditor',
    fullName: 'Cán bộ kiểm tra',
    roles: ['auditor'],
    capabilities: [],
    unitSlug: DISTRICT,
  },
  {
    username: 'thuongtruc',
    fullName: 'Nguyễn Văn Thường',
    roles: ['official'],
    capabilities: ['dispatcher'],
    unitSlug: 'thuong-truc-huyen-uy',
  },
  {
    username: 'btv',
    fullName: 'Trần Thị Bích',
    roles: ['official'],
    capabilities: ['approver'],
    unitSlug: 'ban-thuong-vu-huyen-uy',
  },
  {
    username: 'danvan',
    fullName: 'Lê Văn Dân',
    roles: ['official'],
    capabilities: ['approver', 'dispatcher'],
    unitSlug: 'ban-dan-van-huyen-uy',
  },
  {
    username: 'mttq.huyen',
    fullName: 'Phạm Thị Hương',
    roles: ['official'],
    capabilities: ['drafter'],
    unitSlug: 'mttq-huyen',
  },
  ...DEMO_COMMUNES.flatMap(({ slug, name }): SeedUser[] => [
    {
      username: `mttq.${slug}`,
      fullName: `Cán bộ MTTQ ${name}`,
      roles: ['official'],
      capabilities: ['drafter'],
      unitSlug: `${slug}.mttq`,
    },
    {
      username: `dangu.${slug}`,
      fullName: `Bí thư Đảng ủy ${name}`,
      roles: ['official'],
      capabilities: ['approver'],
      unitSlug: `${slug}.dang-uy`,
    },
    // The partner who co-signs a joint regulation with the commune Front (thống nhất, ký ban hành).
    {
      username: `ubnd.${slug}`,
      fullName: `Chủ tịch Ủy ban nhân dân ${name}`,
      roles: ['official'],
      capabilities: ['approver'],
      unitSlug: `${slug}.ubnd`,
    },
  ]),
];
