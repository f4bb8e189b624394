package org.carnet.audit;

import java.io.StringReader;
import java.util.Set;

import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * How long the audit trail is kept ({@code policies/audit/retention.yaml}): at least {@value #MINIMUM_YEARS} years.
 *
 * @param keepForYears whole years an access event is kept after it happened
 * @param source where the policy was read from
 */
record RetentionPolicy(int keepForYears, String source) {

	static final int MINIMUM_YEARS = 3;

	private static final Set<String> TOP_LEVEL = Set.of("access-events");

	private static final Set<String> ACCESS_EVENTS = Set.of("keep-for-years");

	/**
	 * Reads and validates a policy.
	 *
	 * @throws InvalidPolicy naming the file, the line and the problem
	 */
	static RetentionPolicy parse(String yaml, String source) {
		Node root;
		try {
			root = new Yaml().compose(new StringReader(yaml));
		}
		catch (MarkedYAMLException ex) {
			throw new InvalidPolicy(source + ", line " + (ex.getProblemMark().getLine() + 1) + ": not valid YAML ("
					+ ex.getProblem() + ")");
		}
		if (!(root instanceof MappingNode top)) {
			throw new InvalidPolicy(source + ": expected 'access-events: keep-for-years: <years>'");
		}
		Node accessEvents = value(top, "access-events", TOP_LEVEL, source, "");
		if (!(accessEvents instanceof MappingNode events)) {
			throw new InvalidPolicy(source + ", line " + line(accessEvents)
					+ ": access-events must hold 'keep-for-years: <years>'");
		}
		Node years = value(events, "keep-for-years", ACCESS_EVENTS, source, "access-events.");
		String text = years instanceof ScalarNode scalar ? scalar.getValue().trim() : "";
		int keepForYears;
		try {
			keepForYears = Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new InvalidPolicy(source + ", line " + line(years) + ": access-events.keep-for-years must be a "
					+ "whole number of years, not '" + text + "'");
		}
		if (keepForYears < MINIMUM_YEARS) {
			throw new InvalidPolicy(source + ", line " + line(years) + ": access-events.keep-for-years is "
					+ keepForYears + ", but the audit trail must be kept at least " + MINIMUM_YEARS
					+ " years; Carnet does not start with a shorter retention");
		}
		return new RetentionPolicy(keepForYears, source);
	}

	/** The value of {@code key} in {@code mapping}; any other key is refused, so that a misspelling is not ignored. */
	private static Node value(MappingNode mapping, String key, Set<String> allowed, String source, String path) {
		Node found = null;
		for (NodeTuple tuple : mapping.getValue()) {
			String name = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
			if (!allowed.contains(name)) {
				throw new InvalidPolicy(source + ", line " + line(tuple.getKeyNode()) + ": unknown setting '" + path
						+ name + "' (expected " + String.join(", ", allowed.stream().map(a -> path + a).toList())
						+ ")");
			}
			if (name.equals(key)) {
				found = tuple.getValueNode();
			}
		}
		if (found == null) {
			throw new InvalidPolicy(source + ", line " + line(mapping) + ": " + path + key + " is missing");
		}
		return found;
	}

	private static int line(Node node) {
		return node.getStartMark().getLine() + 1;
	}

	/** A retention policy that cannot be applied; the message names the file, the line and the problem. */
	static final class InvalidPolicy extends IllegalStateException {

		InvalidPolicy(String message) {
			super(message);
		}
	}
}
