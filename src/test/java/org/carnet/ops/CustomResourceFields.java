package org.carnet.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The fields a custom resource may have, when the CRD's own schema is not at hand: a YAML tree of field names whose
 * leaves are types ({@code string}, {@code integer}, {@code boolean}, {@code quantity}: a string or a number,
 * {@code object}: anything), a list holding the shape of its items. A field not in the tree is refused.
 */
record CustomResourceFields(Map<String, Object> shape) {

	@SuppressWarnings("unchecked")
	static CustomResourceFields load(Path file) throws Exception {
		return new CustomResourceFields(
				(Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file)));
	}

	List<String> problems(Map<String, Object> document) {
		List<String> problems = new ArrayList<>();
		check(shape, document, document.get("kind").toString(), problems);
		return problems;
	}

	private static void check(Object shape, Object value, String path, List<String> problems) {
		if (shape instanceof Map<?, ?> fields) {
			if (!(value instanceof Map<?, ?> object)) {
				problems.add(path + ": an object expected, not " + value);
				return;
			}
			object.forEach((name, field) -> {
				if (!fields.containsKey(name)) {
					problems.add(path + ": unknown field '" + name + "'");
				}
				else {
					check(fields.get(name), field, path + "." + name, problems);
				}
			});
		}
		else if (shape instanceof List<?> items) {
			if (!(value instanceof List<?> list)) {
				problems.add(path + ": a list expected, not " + value);
				return;
			}
			for (int index = 0; index < list.size(); index++) {
				check(items.get(0), list.get(index), path + "[" + index + "]", problems);
			}
		}
		else {
			boolean fits = switch (shape.toString()) {
				case "string" -> value instanceof String;
				case "integer" -> value instanceof Integer || value instanceof Long;
				case "boolean" -> value instanceof Boolean;
				case "quantity" -> value instanceof String || value instanceof Number;
				case "object" -> true;
				default -> throw new IllegalArgumentException("unknown type " + shape + " at " + path);
			};
			if (!fits) {
				problems.add(path + ": " + shape + " expected, not " + value);
			}
		}
	}
}
