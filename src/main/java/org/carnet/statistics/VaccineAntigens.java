package org.carnet.statistics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The antigens a recorded vaccine name stands for. Vaccine names are free text in the record ("MMR", "DTaP-IPV",
 * "Td booster", "Comirnaty"); the projection keeps only codes from this fixed list, never the text, and a name it does
 * not recognise counts as {@code OTHER}.
 */
final class VaccineAntigens {

	static final String OTHER = "OTHER";

	private static final Set<String> DTP = Set.of("dtp", "dtap", "tdap", "dtwp", "dtpa", "tdpa");

	private static final Set<String> DT = Set.of("td", "dt");

	private VaccineAntigens() {
	}

	static SortedSet<String> of(String vaccine) {
		SortedSet<String> antigens = new TreeSet<>();
		if (vaccine == null) {
			return antigens;
		}
		String text = vaccine.toLowerCase(Locale.ROOT);
		Set<String> tokens = Set.copyOf(Arrays.asList(text.split("[^\\p{L}\\p{N}]+")));
		if (tokens.contains("mmr") || tokens.contains("mmrv") || tokens.contains("ror")) {
			antigens.addAll(Set.of("MEASLES", "MUMPS", "RUBELLA"));
		}
		if (tokens.contains("mmrv") || text.contains("varicella") || text.contains("chickenpox")) {
			antigens.add("VARICELLA");
		}
		add(antigens, text.contains("measles") || text.contains("rougeole"), "MEASLES");
		add(antigens, text.contains("mumps"), "MUMPS");
		add(antigens, text.contains("rubella"), "RUBELLA");
		add(antigens, tokens.contains("bcg") || text.contains("tubercul"), "BCG");
		add(antigens, text.contains("polio") || tokens.contains("ipv") || tokens.contains("opv"), "POLIO");
		if (tokens.stream().anyMatch(DTP::contains) || text.contains("pertussis")) {
			antigens.add("PERTUSSIS");
		}
		if (tokens.stream().anyMatch(DTP::contains) || tokens.stream().anyMatch(DT::contains)) {
			antigens.addAll(Set.of("DIPHTHERIA", "TETANUS"));
		}
		add(antigens, text.contains("diphther"), "DIPHTHERIA");
		add(antigens, text.contains("tetanus"), "TETANUS");
		add(antigens, tokens.contains("hib") || text.contains("haemophilus"), "HIB");
		add(antigens, text.contains("hepatitis b") || text.contains("hep b") || tokens.contains("hepb")
				|| tokens.contains("hbv"), "HEPATITIS_B");
		add(antigens, text.contains("hepatitis a") || text.contains("hep a") || tokens.contains("hepa"),
				"HEPATITIS_A");
		if (text.contains("hexa")) {
			antigens.addAll(Set.of("DIPHTHERIA", "TETANUS", "PERTUSSIS", "POLIO", "HIB", "HEPATITIS_B"));
		}
		else if (text.contains("penta")) {
			antigens.addAll(Set.of("DIPHTHERIA", "TETANUS", "PERTUSSIS", "HIB", "HEPATITIS_B"));
		}
		add(antigens, tokens.contains("pcv") || tokens.contains("ppsv") || text.contains("pneumo"), "PNEUMOCOCCAL");
		add(antigens, text.contains("covid") || text.contains("sars") || text.contains("comirnaty")
				|| text.contains("spikevax"), "COVID_19");
		add(antigens, text.contains("influenza") || tokens.contains("flu"), "INFLUENZA");
		add(antigens, tokens.contains("hpv") || text.contains("papilloma"), "HPV");
		add(antigens, text.contains("rota"), "ROTAVIRUS");
		add(antigens, text.contains("mening") || tokens.contains("menacwy") || tokens.contains("menb"),
				"MENINGOCOCCAL");
		add(antigens, text.contains("yellow fever") || tokens.contains("yf"), "YELLOW_FEVER");
		add(antigens, text.contains("typhoid"), "TYPHOID");
		add(antigens, text.contains("cholera"), "CHOLERA");
		add(antigens, text.contains("rabies"), "RABIES");
		if (antigens.isEmpty()) {
			antigens.add(OTHER);
		}
		return antigens;
	}

	private static void add(Set<String> antigens, boolean present, String antigen) {
		if (present) {
			antigens.add(antigen);
		}
	}
}
