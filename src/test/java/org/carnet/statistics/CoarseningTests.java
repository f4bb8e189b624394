package org.carnet.statistics;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the projection keeps of ages, days, vaccine names and diagnosis codes: coarse codes, never the input. */
class CoarseningTests {

	@Test
	void agesFallInFiveYearBandsCountedOnTheDayOfFirstRegistration() {
		LocalDate registered = LocalDate.of(2026, 12, 3);
		assertThat(Coarsening.ageBand(LocalDate.of(1990, 5, 17), registered)).isEqualTo("35-39");
		assertThat(Coarsening.ageBand(LocalDate.of(1991, 12, 3), registered)).isEqualTo("35-39");
		assertThat(Coarsening.ageBand(LocalDate.of(1991, 12, 4), registered)).isEqualTo("30-34");
		assertThat(Coarsening.ageBand(LocalDate.of(2026, 1, 1), registered)).isEqualTo("0-4");
		assertThat(Coarsening.ageBand(LocalDate.of(1941, 12, 3), registered)).isEqualTo("85+");
		assertThat(Coarsening.ageBand(LocalDate.of(1941, 12, 4), registered)).isEqualTo("80-84");
	}

	@Test
	void daysBecomeQuarters() {
		assertThat(Coarsening.quarter(LocalDate.of(2026, 1, 1))).isEqualTo("2026-Q1");
		assertThat(Coarsening.quarter(LocalDate.of(2026, 3, 31))).isEqualTo("2026-Q1");
		assertThat(Coarsening.quarter(LocalDate.of(2026, 4, 1))).isEqualTo("2026-Q2");
		assertThat(Coarsening.quarter(LocalDate.of(2026, 12, 31))).isEqualTo("2026-Q4");
	}

	@Test
	void vaccineNamesBecomeAntigensFromAFixedList() {
		assertThat(VaccineAntigens.of("MMR")).containsExactly("MEASLES", "MUMPS", "RUBELLA");
		assertThat(VaccineAntigens.of("DTaP-IPV")).containsExactly("DIPHTHERIA", "PERTUSSIS", "POLIO", "TETANUS");
		assertThat(VaccineAntigens.of("Td booster")).containsExactly("DIPHTHERIA", "TETANUS");
		assertThat(VaccineAntigens.of("Measles-containing vaccine")).containsExactly("MEASLES");
		assertThat(VaccineAntigens.of("BCG")).containsExactly("BCG");
		assertThat(VaccineAntigens.of("Comirnaty (Pfizer) booster")).containsExactly("COVID_19");
		assertThat(VaccineAntigens.of("Hexavalent")).containsExactly("DIPHTHERIA", "HEPATITIS_B", "HIB", "PERTUSSIS",
				"POLIO", "TETANUS");
		assertThat(VaccineAntigens.of("Diphtheriatetanusacellularpertussispoliomyelitis"))
			.containsExactly("DIPHTHERIA", "PERTUSSIS", "POLIO", "TETANUS");
		assertThat(VaccineAntigens.of("Dr Smith's special shot, lot 4711")).containsExactly("OTHER");
	}

	@Test
	void diagnosisCodesBecomeIcd10Chapters() {
		assertThat(Icd10Chapters.of("A15.0")).contains("I");
		assertThat(Icd10Chapters.of("B99")).contains("I");
		assertThat(Icd10Chapters.of("D48.9")).contains("II");
		assertThat(Icd10Chapters.of("D50")).contains("III");
		assertThat(Icd10Chapters.of("E11")).contains("IV");
		assertThat(Icd10Chapters.of("F43.1")).contains("V");
		assertThat(Icd10Chapters.of("H59")).contains("VII");
		assertThat(Icd10Chapters.of("H60")).contains("VIII");
		assertThat(Icd10Chapters.of("I10")).contains("IX");
		assertThat(Icd10Chapters.of("J45.9")).contains("X");
		assertThat(Icd10Chapters.of("O80")).contains("XV");
		assertThat(Icd10Chapters.of("T14")).contains("XIX");
		assertThat(Icd10Chapters.of("U07.1")).contains("XXII");
		assertThat(Icd10Chapters.of("W19")).contains("XX");
		assertThat(Icd10Chapters.of("Z00.0")).contains("XXI");
		assertThat(Icd10Chapters.of(null)).isEmpty();
		assertThat(Icd10Chapters.of("not a code")).isEmpty();
	}
}
