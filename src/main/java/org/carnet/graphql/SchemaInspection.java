package org.carnet.graphql;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import graphql.schema.FieldCoordinates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.execution.SchemaReport;
import org.springframework.stereotype.Component;

/**
 * Spring for GraphQL's check, at start, that every schema field has a fetcher or a property to read, reported in
 * proportion: one line when all is mapped, a warning with the details when not.
 * <p>
 * Left to itself it prints one line of several thousand characters at every start, listing as "unmapped" every field
 * of the types it cannot follow: the entry types, whose fields the own fetchers of {@code read.EntryViews} read from
 * the entry's content (the inspection looks for them on {@code Entry}), and {@code AccessRequester}, answered by a
 * batch mapping. The fields are answered, and the API tests read each of them. Those types are listed in
 * {@link #NOT_INSPECTED}, so that a field missing anywhere else, a fetcher for a field that does not exist, or a
 * nullness mismatch still stands out.
 */
@Component
class SchemaInspection implements GraphQlSourceBuilderCustomizer {

	private static final Logger log = LoggerFactory.getLogger(SchemaInspection.class);

	/** Types whose fields the inspection cannot check: the entry types and the batch-mapped requester. */
	static final Set<String> NOT_INSPECTED = Set.of("AccessRequester", "Identity", "Allergy", "Medication",
			"Condition", "Vaccination", "InfectiousDiseaseScreening", "MentalHealthAssessment", "ReproductiveHealthEntry",
			"VitalSign", "BloodGroup", "LabResult", "Encounter");

	@Override
	public void customize(GraphQlSource.SchemaResourceBuilder builder) {
		// Replaces Boot's own report consumer, which logs the report as it comes.
		builder.inspectSchemaMappings(SchemaInspection::report);
	}

	static void report(SchemaReport report) {
		List<String> problems = problems(report);
		if (problems.isEmpty()) {
			log.info("GraphQL schema inspection: every field is mapped ({} types not checked: entries, requesters)",
					NOT_INSPECTED.size());
		}
		else {
			log.warn("GraphQL schema inspection: {}", String.join("; ", problems));
		}
	}

	/** What the inspection found beyond the fields of the types it cannot check. */
	static List<String> problems(SchemaReport report) {
		List<String> problems = new java.util.ArrayList<>();
		List<FieldCoordinates> unmapped = report.unmappedFields()
			.stream()
			.filter(field -> !NOT_INSPECTED.contains(field.getTypeName()))
			.toList();
		if (!unmapped.isEmpty()) {
			problems.add("fields without a fetcher or property: " + names(unmapped));
		}
		if (!report.unmappedRegistrations().isEmpty()) {
			problems.add("fetchers for fields the schema does not have: " + names(report.unmappedRegistrations().keySet()));
		}
		if (!report.unmappedArguments().isEmpty()) {
			problems.add("arguments the schema does not have: " + report.unmappedArguments());
		}
		if (!report.fieldNullnessErrors().isEmpty()) {
			problems.add("field nullness: " + report.fieldNullnessErrors().values());
		}
		if (!report.argumentNullnessErrors().isEmpty()) {
			problems.add("argument nullness: " + report.argumentNullnessErrors());
		}
		List<String> skipped = report.skippedTypes()
			.stream()
			// entries are served by EntryViews' own fetchers, whose class the inspection cannot know either
			.filter(type -> !NOT_INSPECTED.contains(graphql.schema.GraphQLTypeUtil.unwrapAll(type.type()).getName()))
			.map(type -> String.valueOf(type.fieldCoordinates()))
			.filter(field -> NOT_INSPECTED.stream().noneMatch(field::endsWith))
			.toList();
		if (!skipped.isEmpty()) {
			problems.add("types not checked, their class unknown (from " + String.join(", ", skipped) + ")");
		}
		return problems;
	}

	private static String names(java.util.Collection<FieldCoordinates> fields) {
		return fields.stream()
			.map(field -> field.getTypeName() + "." + field.getFieldName())
			.collect(Collectors.joining(", "));
	}
}
