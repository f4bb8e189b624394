package org.carnet.consent;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code policies/consent/*.yaml}: {@code default.yaml} with every rule, and one optional file per home
 * jurisdiction ({@code GR.yaml}) overriding some of them. Every problem is collected with its file and line, so one
 * failed start shows all of them. YAML is only composed into nodes (no objects constructed), which keeps the line of
 * every value.
 */
final class PolicyFiles {

	static final String DEFAULT_FILE = "default.yaml";

	private enum Kind {
		DURATION, BOOLEAN, CATEGORIES, JURISDICTIONS, INTEGER, EPSILON, RESTRICTIONS
	}

	/** An epsilon that is switched off. */
	private static final Object NONE = new Object();

	/**
	 * Rules a {@code default.yaml} may leave out, because they came after it was written: the statistics section
	 * (threshold 11, rounding to 5, no noise, a 30-day budget period) and the reads section (restrictions visible).
	 */
	private static final Map<String, Setting> BUILT_IN = Map.of("statistics.threshold",
			new Setting(11, "built-in", 0), "statistics.rounding", new Setting(5, "built-in", 0),
			"statistics.noise-epsilon", new Setting(NONE, "built-in", 0), "statistics.budget-epsilon",
			new Setting(NONE, "built-in", 0), "statistics.budget-period", new Setting(Duration.ofDays(30), "built-in", 0),
			"reads.restrictions", new Setting(Boolean.FALSE, "built-in", 0));

	/** Every key a policy file may hold, by section; anything else is a typo and refused. */
	private static final Map<String, Map<String, Kind>> KEYS = new LinkedHashMap<>();

	static {
		KEYS.put("grants", ordered("default-duration", Kind.DURATION, "maximum-duration", Kind.DURATION));
		KEYS.put("break-glass", ordered("allowed", Kind.BOOLEAN, "duration", Kind.DURATION, "person-may-opt-out",
				Kind.BOOLEAN, "categories", Kind.CATEGORIES));
		KEYS.put("share-codes", ordered("lifetime", Kind.DURATION));
		KEYS.put("consent-requests", ordered("lifetime", Kind.DURATION));
		KEYS.put("transfers", ordered("eu-eea", Kind.JURISDICTIONS));
		KEYS.put("statistics", ordered("threshold", Kind.INTEGER, "rounding", Kind.INTEGER, "noise-epsilon",
				Kind.EPSILON, "budget-epsilon", Kind.EPSILON, "budget-period", Kind.DURATION));
		KEYS.put("reads", ordered("restrictions", Kind.RESTRICTIONS));
	}

	private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,6})\\s*([mhd])");

	private static final Pattern JURISDICTION_FILE = Pattern.compile("([A-Z]{2})\\.ya?ml");

	/** One value as written, with where it was written. */
	private record Setting(Object value, String file, int line) {

		String where() {
			return file + ", line " + line;
		}
	}

	private PolicyFiles() {
	}

	/** One policy file as read: its name ({@code GR.yaml}), where it came from (for messages) and its text. */
	record PolicyFile(String name, String location, String text) {

		@Override
		public String toString() {
			return location;
		}
	}

	/** Reads every policy file of {@code consentDir}; for a folder used on its own (tools and tests). */
	static Map<Jurisdiction, ConsentPolicy> load(Path consentDir) {
		if (!Files.isDirectory(consentDir)) {
			throw new InvalidConsentPolicy(List.of(consentDir + ": no such folder (set carnet.policies-dir to the "
					+ "folder holding consent/" + DEFAULT_FILE + ")"));
		}
		return load(read(consentDir));
	}

	/** The policy files ({@code *.yaml}, {@code *.yml}) of {@code consentDir} by name, read. */
	static Map<String, PolicyFile> read(Path consentDir) {
		Map<String, PolicyFile> files = new TreeMap<>();
		List<Path> paths;
		try (Stream<Path> listing = Files.list(consentDir)) {
			paths = listing.filter(Files::isRegularFile)
				.filter(p -> p.getFileName().toString().matches("(?i).*\\.ya?ml"))
				.toList();
		}
		catch (IOException ex) {
			throw new InvalidConsentPolicy(List.of(consentDir + ": cannot be read (" + ex.getMessage() + ")"));
		}
		for (Path path : paths) {
			try {
				files.put(path.getFileName().toString(), new PolicyFile(path.getFileName().toString(), path.toString(),
						Files.readString(path, StandardCharsets.UTF_8)));
			}
			catch (IOException ex) {
				throw new InvalidConsentPolicy(List.of(path + ": cannot be read (" + ex.getMessage() + ")"));
			}
		}
		return files;
	}

	/**
	 * The effective policy of every jurisdiction with a file, and of all others ({@code null} key), from the files
	 * given by name.
	 */
	static Map<Jurisdiction, ConsentPolicy> load(Map<String, PolicyFile> given) {
		List<String> problems = new ArrayList<>();
		Map<String, PolicyFile> files = new TreeMap<>(given);
		PolicyFile defaultFile = files.remove(DEFAULT_FILE);
		if (defaultFile == null) {
			throw new InvalidConsentPolicy(List.of(DEFAULT_FILE + ": missing; it must hold every rule (jurisdiction "
					+ "files only override some)"));
		}
		Map<String, Setting> defaults = new LinkedHashMap<>(BUILT_IN);
		defaults.putAll(parse(defaultFile, problems));
		for (String section : KEYS.keySet()) {
			for (String key : KEYS.get(section).keySet()) {
				if (!defaults.containsKey(section + "." + key)) {
					problems.add(defaultFile + ": " + section + "." + key + " is missing; " + DEFAULT_FILE
							+ " must set every rule");
				}
			}
		}
		Set<String> allProblems = new LinkedHashSet<>(problems);
		Map<Jurisdiction, ConsentPolicy> policies = new HashMap<>();
		if (problems.isEmpty()) {
			List<String> defaultProblems = new ArrayList<>();
			ConsentPolicy fallback = build(null, defaults, defaultProblems);
			allProblems.addAll(defaultProblems);
			policies.put(null, fallback);
		}
		for (Map.Entry<String, PolicyFile> file : files.entrySet()) {
			List<String> fileProblems = new ArrayList<>();
			Matcher name = JURISDICTION_FILE.matcher(file.getKey());
			if (!name.matches() || !Jurisdiction.isKnown(name.group(1))) {
				allProblems.add(file.getValue() + ": the file name must be " + DEFAULT_FILE
						+ " or an ISO 3166-1 alpha-2 country code in capitals, like GR.yaml");
				continue;
			}
			Map<String, Setting> own = parse(file.getValue(), fileProblems);
			if (fileProblems.isEmpty() && problems.isEmpty()) {
				Map<String, Setting> merged = new LinkedHashMap<>(defaults);
				merged.putAll(own);
				ConsentPolicy policy = build(Jurisdiction.of(name.group(1)), merged, fileProblems);
				if (policy != null) {
					policies.put(policy.jurisdiction(), policy);
				}
			}
			allProblems.addAll(fileProblems);
		}
		if (!allProblems.isEmpty()) {
			throw new InvalidConsentPolicy(new ArrayList<>(allProblems));
		}
		return policies;
	}

	/** The settings of one file by dotted key, or nothing when its problems were reported. */
	private static Map<String, Setting> parse(PolicyFile file, List<String> problems) {
		String name = file.location();
		Node root;
		try (Reader reader = new StringReader(file.text())) {
			LoaderOptions options = new LoaderOptions();
			options.setAllowDuplicateKeys(false);
			options.setMaxAliasesForCollections(10);
			root = new Yaml(options).compose(reader);
		}
		catch (MarkedYAMLException ex) {
			Mark mark = ex.getProblemMark() != null ? ex.getProblemMark() : ex.getContextMark();
			problems.add(name + ", line " + (mark == null ? 1 : mark.getLine() + 1) + ": not valid YAML ("
					+ ex.getProblem() + ")");
			return Map.of();
		}
		catch (YAMLException | IOException ex) {
			problems.add(name + ": cannot be read (" + ex.getMessage() + ")");
			return Map.of();
		}
		Map<String, Setting> settings = new LinkedHashMap<>();
		if (root == null) {
			return settings;
		}
		if (!(root instanceof MappingNode)) {
			problems.add(name + ", line " + line(root) + ": expected sections (grants:, break-glass:, ...), not a "
					+ describe(root));
			return settings;
		}
		Set<String> seen = new LinkedHashSet<>();
		for (NodeTuple sectionTuple : ((MappingNode) root).getValue()) {
			String section = keyOf(sectionTuple, name, problems);
			if (section == null) {
				continue;
			}
			Node sectionKey = sectionTuple.getKeyNode();
			if (!KEYS.containsKey(section)) {
				problems.add(name + ", line " + line(sectionKey) + ": unknown section '" + section + "' (expected one of "
						+ String.join(", ", KEYS.keySet()) + ")");
				continue;
			}
			if (!seen.add(section)) {
				problems.add(name + ", line " + line(sectionKey) + ": section '" + section + "' appears twice");
				continue;
			}
			Node body = sectionTuple.getValueNode();
			if (!(body instanceof MappingNode)) {
				problems.add(name + ", line " + line(body) + ": section '" + section + "' must hold keys, not a "
						+ describe(body));
				continue;
			}
			Map<String, Kind> allowed = KEYS.get(section);
			for (NodeTuple tuple : ((MappingNode) body).getValue()) {
				String key = keyOf(tuple, name, problems);
				if (key == null) {
					continue;
				}
				String path = section + "." + key;
				if (!allowed.containsKey(key)) {
					problems.add(name + ", line " + line(tuple.getKeyNode()) + ": unknown key '" + path
							+ "' (expected one of " + String.join(", ", allowed.keySet()) + ")");
					continue;
				}
				if (settings.containsKey(path)) {
					problems.add(name + ", line " + line(tuple.getKeyNode()) + ": '" + path + "' appears twice");
					continue;
				}
				Object value = value(allowed.get(key), path, tuple.getValueNode(), name, problems);
				if (value != null) {
					settings.put(path, new Setting(value, name, line(tuple.getValueNode())));
				}
			}
		}
		return settings;
	}

	private static String keyOf(NodeTuple tuple, String file, List<String> problems) {
		if (tuple.getKeyNode() instanceof ScalarNode key) {
			return key.getValue();
		}
		problems.add(file + ", line " + line(tuple.getKeyNode()) + ": a key must be a plain name");
		return null;
	}

	private static Object value(Kind kind, String path, Node node, String file, List<String> problems) {
		String at = file + ", line " + line(node) + ": " + path + ": ";
		switch (kind) {
			case DURATION: {
				String text = scalar(node);
				Duration duration = text == null ? null : duration(text);
				if (duration == null) {
					problems.add(at + "'" + (text == null ? describe(node) : text)
							+ "' is not a duration (write e.g. 15m, 60m, 12h, 90d or ISO-8601 PT60M)");
				}
				return duration;
			}
			case BOOLEAN: {
				String text = scalar(node);
				if ("true".equals(text) || "false".equals(text)) {
					return Boolean.valueOf(text);
				}
				problems.add(at + "'" + (text == null ? describe(node) : text) + "' is not true or false");
				return null;
			}
			case CATEGORIES: {
				if (!(node instanceof SequenceNode)) {
					problems.add(at + "expected a list of categories like [IDENTITY, ALLERGIES], not a "
							+ describe(node));
					return null;
				}
				Set<Category> categories = EnumSet.noneOf(Category.class);
				boolean valid = true;
				for (Node item : ((SequenceNode) node).getValue()) {
					String text = scalar(item);
					try {
						categories.add(Category.valueOf(text));
					}
					catch (IllegalArgumentException | NullPointerException ex) {
						problems.add(file + ", line " + line(item) + ": " + path + ": '"
								+ (text == null ? describe(item) : text) + "' is not a category (one of "
								+ EnumSet.allOf(Category.class) + ")");
						valid = false;
					}
				}
				return valid ? categories : null;
			}
			case JURISDICTIONS: {
				if (!(node instanceof SequenceNode)) {
					problems.add(at + "expected a list of country codes like [GR, DE], not a " + describe(node));
					return null;
				}
				Set<Jurisdiction> countries = new LinkedHashSet<>();
				boolean valid = true;
				for (Node item : ((SequenceNode) node).getValue()) {
					String text = scalar(item);
					if (Jurisdiction.isKnown(text)) {
						countries.add(Jurisdiction.of(text));
					}
					else {
						problems.add(file + ", line " + line(item) + ": " + path + ": '"
								+ (text == null ? describe(item) : text)
								+ "' is not an ISO 3166-1 alpha-2 country code in capitals (GR, not EL or gr)");
						valid = false;
					}
				}
				return valid ? countries : null;
			}
			case INTEGER: {
				String text = scalar(node);
				if (text != null && text.matches("\\d{1,6}")) {
					return Integer.valueOf(text);
				}
				problems.add(at + "'" + (text == null ? describe(node) : text) + "' is not a whole number");
				return null;
			}
			case EPSILON: {
				String text = scalar(node);
				if ("none".equals(text)) {
					return NONE;
				}
				try {
					double epsilon = text == null ? Double.NaN : Double.parseDouble(text);
					if (epsilon > 0 && epsilon <= 100) {
						return epsilon;
					}
				}
				catch (NumberFormatException ex) {
					// reported below
				}
				problems.add(at + "'" + (text == null ? describe(node) : text)
						+ "' is not an epsilon (a number above 0, at most 100, like 0.5) or none");
				return null;
			}
			case RESTRICTIONS: {
				String text = scalar(node);
				if ("visible".equals(text) || "hidden".equals(text)) {
					return "hidden".equals(text);
				}
				problems.add(at + "'" + (text == null ? describe(node) : text) + "' is not visible or hidden");
				return null;
			}
			default:
				throw new IllegalStateException("unknown kind " + kind);
		}
	}

	@SuppressWarnings("unchecked")
	private static ConsentPolicy build(Jurisdiction jurisdiction, Map<String, Setting> s, List<String> problems) {
		Duration defaultDuration = (Duration) s.get("grants.default-duration").value();
		Duration maximumDuration = (Duration) s.get("grants.maximum-duration").value();
		Duration breakGlassDuration = (Duration) s.get("break-glass.duration").value();
		Duration shareCodeLifetime = (Duration) s.get("share-codes.lifetime").value();
		Duration requestLifetime = (Duration) s.get("consent-requests.lifetime").value();
		Set<Category> emergencySet = (Set<Category>) s.get("break-glass.categories").value();
		within(s, "grants.maximum-duration", Duration.ofHours(1), Duration.ofDays(3650), problems);
		within(s, "grants.default-duration", Duration.ofHours(1), Duration.ofDays(3650), problems);
		if (defaultDuration.compareTo(maximumDuration) > 0) {
			Setting blame = s.get("grants.default-duration").file().endsWith(DEFAULT_FILE)
					? s.get("grants.maximum-duration") : s.get("grants.default-duration");
			problems.add(blame.where() + ": grants.default-duration (" + text(defaultDuration)
					+ ") is longer than grants.maximum-duration (" + text(maximumDuration) + ")");
		}
		within(s, "break-glass.duration", Duration.ofMinutes(5), Duration.ofHours(24), problems);
		within(s, "share-codes.lifetime", Duration.ofMinutes(1), Duration.ofMinutes(60), problems);
		within(s, "consent-requests.lifetime", Duration.ofHours(1), Duration.ofDays(90), problems);
		Setting categories = s.get("break-glass.categories");
		Set<Category> forbidden = EnumSet.noneOf(Category.class);
		for (Category category : emergencySet) {
			if (ConsentPolicy.NEVER_BY_BREAK_GLASS.contains(category)) {
				forbidden.add(category);
			}
		}
		if (!forbidden.isEmpty()) {
			problems.add(categories.where() + ": break-glass.categories: break-glass never opens " + forbidden);
		}
		if (emergencySet.isEmpty()) {
			problems.add(categories.where() + ": break-glass.categories: name at least one category (or set "
					+ "break-glass.allowed: false)");
		}
		StatisticsPolicy statistics = statistics(s, problems);
		if (!problems.isEmpty()) {
			return null;
		}
		Set<String> sources = new LinkedHashSet<>();
		s.values().stream().filter(setting -> setting.line() > 0).forEach(setting -> sources.add(setting.file()));
		return new ConsentPolicy(jurisdiction, String.join(" + ", sources), defaultDuration, maximumDuration,
				(Boolean) s.get("break-glass.allowed").value(), breakGlassDuration,
				(Boolean) s.get("break-glass.person-may-opt-out").value(), emergencySet, shareCodeLifetime,
				requestLifetime, (Set<Jurisdiction>) s.get("transfers.eu-eea").value(), statistics,
				(Boolean) s.get("reads.restrictions").value());
	}

	/** The {@code statistics:} section, checked: a threshold never below 5, noise and its budget together. */
	private static StatisticsPolicy statistics(Map<String, Setting> s, List<String> problems) {
		Setting threshold = s.get("statistics.threshold");
		Setting rounding = s.get("statistics.rounding");
		Setting noise = s.get("statistics.noise-epsilon");
		Setting budget = s.get("statistics.budget-epsilon");
		int before = problems.size();
		int k = (Integer) threshold.value();
		if (k < StatisticsPolicy.LOWEST_THRESHOLD || k > 1000) {
			problems.add(threshold.where() + ": statistics.threshold: " + k + " is outside "
					+ StatisticsPolicy.LOWEST_THRESHOLD + " to 1000 (a count of fewer persons is never published)");
		}
		int base = (Integer) rounding.value();
		if (base < 1 || base > 100) {
			problems.add(rounding.where() + ": statistics.rounding: " + base + " is outside 1 to 100");
		}
		Double noiseEpsilon = noise.value() == NONE ? null : (Double) noise.value();
		Double budgetEpsilon = budget.value() == NONE ? null : (Double) budget.value();
		if ((noiseEpsilon == null) != (budgetEpsilon == null)) {
			Setting blame = noiseEpsilon == null ? budget : noise;
			problems.add(blame.where() + ": statistics.noise-epsilon and statistics.budget-epsilon are both numbers "
					+ "(noise, and what an analyst may spend on it per period) or both none");
		}
		else if (noiseEpsilon != null && budgetEpsilon < noiseEpsilon) {
			problems.add(budget.where() + ": statistics.budget-epsilon (" + budgetEpsilon
					+ ") is smaller than one answer's statistics.noise-epsilon (" + noiseEpsilon + ")");
		}
		within(s, "statistics.budget-period", Duration.ofDays(1), Duration.ofDays(366), problems);
		if (problems.size() > before) {
			return null;
		}
		return new StatisticsPolicy(k, base, noiseEpsilon, budgetEpsilon,
				(Duration) s.get("statistics.budget-period").value());
	}

	private static void within(Map<String, Setting> settings, String key, Duration min, Duration max,
			List<String> problems) {
		Setting setting = settings.get(key);
		Duration value = (Duration) setting.value();
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			problems.add(setting.where() + ": " + key + ": " + text(value) + " is outside " + text(min) + " to "
					+ text(max));
		}
	}

	/** A duration as a number and unit (15m, 12h, 90d) or ISO-8601; {@code null} when it is neither. */
	static Duration duration(String text) {
		String trimmed = text.trim();
		Matcher shortForm = SHORT_DURATION.matcher(trimmed);
		if (shortForm.matches()) {
			long amount = Long.parseLong(shortForm.group(1));
			switch (shortForm.group(2)) {
				case "m":
					return Duration.ofMinutes(amount);
				case "h":
					return Duration.ofHours(amount);
				default:
					return Duration.ofDays(amount);
			}
		}
		if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
			try {
				Duration parsed = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
				return parsed.isNegative() ? null : parsed;
			}
			catch (DateTimeParseException ex) {
				return null;
			}
		}
		return null;
	}

	/** A duration as people write it: 90d, 12h, 15m. */
	static String text(Duration duration) {
		long minutes = duration.toMinutes();
		if (minutes > 0 && minutes % (24 * 60) == 0) {
			return minutes / (24 * 60) + "d";
		}
		if (minutes > 0 && minutes % 60 == 0) {
			return minutes / 60 + "h";
		}
		return minutes + "m";
	}

	private static String scalar(Node node) {
		return node instanceof ScalarNode scalar ? scalar.getValue() : null;
	}

	private static String describe(Node node) {
		if (node instanceof MappingNode) {
			return "set of keys";
		}
		if (node instanceof SequenceNode) {
			return "list";
		}
		return "value '" + ((ScalarNode) node).getValue() + "'";
	}

	private static int line(Node node) {
		return node.getStartMark().getLine() + 1;
	}

	private static Map<String, Kind> ordered(Object... keysAndKinds) {
		Map<String, Kind> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndKinds.length; i += 2) {
			map.put((String) keysAndKinds[i], (Kind) keysAndKinds[i + 1]);
		}
		return map;
	}
}
