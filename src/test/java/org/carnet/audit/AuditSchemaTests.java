package org.carnet.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** schema/audit.graphqls parses together with the other modules' files, and keeps the public contract's names. */
class AuditSchemaTests {

	@Test
	void buildsWithTheOtherSchemaFilesAndKeepsTheContract() throws IOException {
		TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
		try (Stream<Path> files = Files.list(Path.of("schema"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".graphqls")).sorted().toList()) {
				registry.merge(new SchemaParser().parse(Files.readString(file)));
			}
		}

		GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(registry);

		GraphQLFieldDefinition myAccessLog = schema.getQueryType().getFieldDefinition("myAccessLog");
		GraphQLFieldDefinition auditEvents = schema.getQueryType().getFieldDefinition("auditEvents");
		GraphQLFieldDefinition verify = schema.getQueryType().getFieldDefinition("verifyAuditLog");
		assertThat(myAccessLog.getArguments()).extracting(a -> a.getName()).containsExactly("first", "after");
		assertThat(auditEvents.getArguments()).extracting(a -> a.getName()).containsExactly("filter", "first", "after");
		assertThat(verify.getArguments()).extracting(a -> a.getName()).containsExactly("from", "to");
		assertThat(schema.getQueryType().getFieldDefinition("crossBorderSummary")).isNotNull();
		assertThat(schema.getObjectType("AccessEventConnection").getFieldDefinition("pageInfo")).isNotNull();
		assertThat(schema.getObjectType("AccessEvent").getFieldDefinitions())
			.extracting(GraphQLFieldDefinition::getName)
			.contains("sequence", "time", "action", "outcome", "requester", "crossBorder", "categoriesServed",
					"categoriesWithheld", "grantIds", "breakGlassJustification", "hash", "previousHash");
	}
}
