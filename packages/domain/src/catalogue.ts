/** The admin-editable catalogues of the State Social Order. */
export const catalogueKinds = ['priority_area', 'service', 'target_group'] as const;
export type CatalogueKind = (typeof catalogueKinds)[number];
