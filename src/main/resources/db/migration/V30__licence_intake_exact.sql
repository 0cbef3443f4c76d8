-- Issue #19, finding 3: intake was kept in tonnes to 3 decimals (kilograms), so a laboratory's 0.4 kg bottle
-- (0.0004 t) was rounded to 0 and refused by the CHECK (tonnes > 0): the bottle could never be received.
-- Container weights are kept to 2 decimals of a kilogram (numeric(10, 2)), i.e. 0.00001 t; 6 decimals hold every
-- weight exactly, to the gram, and LicenceService refuses a quantity that would need more instead of rounding it.
-- The year's sums (capacity check, alert OVER_CAPACITY) read the same column and keep working unchanged.
ALTER TABLE licence_intake ALTER COLUMN tonnes TYPE numeric(18, 6);
