package org.carnet.graphql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import graphql.language.FieldDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import org.carnet.core.Category;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every health field of a person carries its consent category: a field added without one would bypass the consent
 * gate, so this test fails on it.
 */
class SchemaClassificationTests {

	/** Fields of Person that are not health data. */
	private static final Set<String> NOT_HEALTH = Set.of("id", "phrNumber", "homeJurisdiction",
			"completenessNotice");

	private final TypeDefinitionRegistry registry = load();

	@Test
	void everyHealthFieldOfPersonHasACategory() {
		List<String> unclassified = new ArrayList<>();
		for (FieldDefinition field : fields("Person")) {
			if (!NOT_HEALTH.contains(field.getName()) && !field.hasDirective("category")) {
				unclassified.add(field.getName());
			}
		}
		assertThat(unclassified).as("Person fields without @category").isEmpty();
	}

	@Test
	void healthTypesAreReachedOnlyThroughClassifiedFields() {
		Set<String> healthTypes = new HashSet<>();
		fields("Person").stream()
			.filter(f -> f.hasDirective("category"))
			.forEach(f -> collect(typeName(f.getType()), healthTypes));
		List<String> leaks = new ArrayList<>();
		for (ObjectTypeDefinition type : registry.getTypes(ObjectTypeDefinition.class)) {
			// Mutations answer with what the caller just wrote, which the write decision on its category allows.
			if (type.getName().equals("Person") || type.getName().equals("Mutation")) {
				continue;
			}
			for (FieldDefinition field : fields(type.getName())) {
				String target = typeName(field.getType());
				if (healthTypes.contains(target) && !field.hasDirective("category")
						&& !healthTypes.contains(type.getName())) {
					leaks.add(type.getName() + "." + field.getName() + " -> " + target);
				}
			}
		}
		assertThat(leaks).as("fields outside Person that return health types without @category").isEmpty();
	}

	@Test
	void everyCategoryIsUsedAndNamedAsInTheCoreModule() {
		Set<String> used = new HashSet<>();
		fields("Person").stream()
			.filter(f -> f.hasDirective("category"))
			.forEach(f -> used.add(((graphql.language.EnumValue) f.getDirectives("category").get(0)
				.getArgument("name")
				.getValue()).getName()));
		assertThat(used).containsExactlyInAnyOrder(Stream.of(Category.values()).map(Enum::name).toArray(String[]::new));
	}

	private void collect(String typeName, Set<String> seen) {
		if (registry.getType(typeName, ObjectTypeDefinition.class).isEmpty() || !seen.add(typeName)) {
			return;
		}
		fields(typeName).forEach(f -> collect(typeName(f.getType()), seen));
	}

	private List<FieldDefinition> fields(String typeName) {
		List<FieldDefinition> fields = new ArrayList<>();
		registry.getType(typeName, ObjectTypeDefinition.class).ifPresent(t -> fields.addAll(t.getFieldDefinitions()));
		registry.objectTypeExtensions()
			.getOrDefault(typeName, List.of())
			.forEach(t -> fields.addAll(t.getFieldDefinitions()));
		return fields;
	}

	@SuppressWarnings("rawtypes")
	private static String typeName(Type type) {
		if (type instanceof NonNullType nonNull) {
			return typeName(nonNull.getType());
		}
		if (type instanceof ListType list) {
			return typeName(list.getType());
		}
		return ((TypeName) type).getName();
	}

	private static TypeDefinitionRegistry load() {
		TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
		try (Stream<Path> files = Files.list(Path.of("schema"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".graphqls")).sorted().toList()) {
				registry.merge(new SchemaParser().parse(Files.readString(file)));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return registry;
	}
}
