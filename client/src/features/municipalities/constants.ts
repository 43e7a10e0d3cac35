/** The five Flemish provinces, as the reference data spells them. */
export const PROVINCES = ['Antwerpen', 'Limburg', 'Oost-Vlaanderen', 'Vlaams-Brabant', 'West-Vlaanderen'] as const;

/** The day of the 2025 mergers: "valid on" it gives the 285 current municipalities. */
export const MERGER_DAY = '2025-01-01';
