package org.carnet.portal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import graphql.language.Document;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every document the portal sends is valid against the public schema ({@code schema/}), as the server checks it. */
class PortalDocumentsTests {

	private static final Path DOCUMENTS = Path.of("src/main/resources/graphql-documents/portal");

	@Test
	void everyPortalDocumentIsValidAgainstTheSchema() throws IOException {
		GraphQLSchema schema = schema();
		List<Path> files;
		try (Stream<Path> found = Files.walk(DOCUMENTS)) {
			files = found.filter(file -> file.toString().endsWith(".graphql")).sorted().toList();
		}
		assertThat(files).hasSizeGreaterThan(30);
		for (Path file : files) {
			Document document = Parser.parse(Files.readString(file, StandardCharsets.UTF_8));
			List<ValidationError> errors = new Validator().validateDocument(schema, document, Locale.ENGLISH);
			assertThat(errors).as(file.toString()).isEmpty();
		}
	}

	@Test
	void everyEntryFormHasItsDocument() {
		EntryForms.ALL.forEach(form -> assertThat(DOCUMENTS.resolve(form.document() + ".graphql")).exists());
	}

	private static GraphQLSchema schema() throws IOException {
		TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
		try (Stream<Path> files = Files.list(Path.of("schema"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".graphqls")).sorted().toList()) {
				registry.merge(new SchemaParser().parse(Files.readString(file, StandardCharsets.UTF_8)));
			}
		}
		return UnExecutableSchemaGenerator.makeUnExecutableSchema(registry);
	}
}
