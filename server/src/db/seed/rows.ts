import type {
  AttendanceStatus,
  EventType,
  OrganizationKind,
  ProjectStatus,
  ReportStatus,
  Role,
  SchoolLevel,
  SchoolNetwork,
} from '@schoolmix/shared';
import type { PeriodFields } from '../../modules/funding-period/funding-period.service.js';
import type { MunicipalityRow } from './reference-data.js';

/**
 * Row shapes of the synthetic data sets: plain objects whose relation properties hold ids, ready
 * for `em.insertMany` (demo.ts) or for the column arrays of the bulk loader (scale.ts).
 */

export interface Timestamps {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** mergedInto holds the id of the 2025 municipality here, where the reference row has its NIS code. */
export type MunicipalityData = MunicipalityRow & Timestamps;

export interface FundingPeriodData extends Timestamps, PeriodFields {
  maxSubsidyCents: number;
  reportStatus: ReportStatus;
}

export interface OrganizationData extends Timestamps {
  name: string;
  kind: OrganizationKind;
  municipality: string;
  promotesSocialMix: boolean;
}

export interface ProjectData extends Timestamps {
  version: number;
  title: string;
  leadMunicipality: string;
  fundingPeriod: string;
  status: ProjectStatus;
  baselineHouseholds: number;
  targetHouseholds: number;
  priority: number;
  subsidyRequestedCents: number;
  subsidyGrantedCents: number | null;
  coFinancingCents: number;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
}

export interface SchoolData extends Timestamps {
  institutionNumber: string;
  name: string;
  municipality: string;
  postcode: string;
  level: SchoolLevel;
  network: SchoolNetwork;
  capacity: number;
  latitude: number;
  longitude: number;
}

export interface SchoolCompositionData extends Timestamps {
  school: string;
  schoolYear: string;
  pupils: number;
  indicatorPupils: number;
  lowEducatedMother: number;
  schoolAllowance: number;
  homeLanguageNotDutch: number;
  pupilsWithSpecialNeeds: number;
}

export interface AreaCompositionData extends Timestamps {
  areaCode: string;
  schoolYear: string;
  pupilsResident: number;
  indicatorPupilsResident: number;
}

export interface EventData extends Timestamps {
  version: number;
  type: EventType;
  project: string;
  organizer: string;
  startsAt: Date;
  endsAt: Date;
  venue: string;
  capacity: number;
  languages: string[];
  cancelledAt: Date | null;
  cancellationReason: string | null;
}

export interface HouseholdData extends Timestamps {
  project: string;
  reference: string;
  residenceNisCode: string;
  postcode: string;
  children: number;
  lowEducatedMother: boolean | null;
  schoolAllowance: boolean | null;
  homeLanguageNotDutch: boolean | null;
  childWithSpecialNeeds: boolean | null;
  preferredLanguage: string | null;
  consentAt: Date | null;
}

export interface AttendanceData extends Timestamps {
  household: string;
  event: string;
  status: AttendanceStatus;
  recordedAt: Date;
}

export interface EnrollmentData extends Timestamps {
  household: string;
  school: string;
  schoolYear: string;
}

export interface TransitionData {
  id: string;
  project: string;
  fromStatus: ProjectStatus;
  toStatus: ProjectStatus;
  note: string | null;
  actorUserId: string | null;
  actorLabel: string;
  at: Date;
}

export interface UserData extends Timestamps {
  email: string;
  passwordHash: string;
  role: Role;
  municipality: string | null;
}

/** Two ids of a many-to-many pivot row. */
export type Pair = readonly [string, string];
