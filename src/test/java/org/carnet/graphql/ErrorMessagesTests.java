package org.carnet.graphql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** graphql-java's own messages become plain sentences; plain ones are kept as they are. */
class ErrorMessagesTests {

	@Test
	void javaTypesOfValuesBecomeTheirJsonKinds() {
		assertThat(ErrorMessages.plainMessage("Variable 'id' has an invalid value: Expected a value that can be "
				+ "converted to type 'ID' but it was a 'LinkedHashMap'", "ValidationError"))
			.isEqualTo("Variable 'id' has an invalid value: Expected a value that can be converted to type 'ID' but "
					+ "it was an object");
		assertThat(ErrorMessages.plainMessage("Expected a String input, but it was a 'java.util.ArrayList'",
				"ValidationError"))
			.isEqualTo("Expected a String input, but it was a list");
	}

	@Test
	void syntaxTreeDumpsOfLiteralArgumentsAreReplaced() {
		assertThat(ErrorMessages.plainMessage("Validation error (WrongType@[person]) : argument 'purpose' with value "
				+ "'EnumValue{name='HOLIDAY'}' is not a valid 'Purpose' - Literal value not in allowable values for "
				+ "enum 'Purpose' - 'EnumValue{name='HOLIDAY'}'", "ValidationError"))
			.isEqualTo("The value of argument 'purpose' is not a valid Purpose.");
	}

	@Test
	void aPlainReasonOfALiteralArgumentIsKept() {
		assertThat(ErrorMessages.plainMessage("argument 'input.homeJurisdiction' with value 'StringValue{value='XX'}' "
				+ "is not a valid 'CountryCode' - XX is not an ISO 3166-1 alpha-2 country code", "ValidationError"))
			.isEqualTo("The value of argument 'input.homeJurisdiction' is not a valid CountryCode: XX is not an ISO "
					+ "3166-1 alpha-2 country code");
		assertThat(ErrorMessages.plainMessage("argument 'id' with value 'ObjectValue{objectFields=[]}' is not a valid "
				+ "'ID' - Expected an AST type of 'IntValue' or 'StringValue' but it was a 'ObjectValue'",
				"ValidationError"))
			.isEqualTo("The value of argument 'id' is not a valid ID.");
	}

	@Test
	void messagesNamingCodeAreReplacedBySentencesOfTheirKind() {
		assertThat(ErrorMessages.plainMessage("java.lang.IllegalStateException: boom", "ValidationError"))
			.isEqualTo("The query or a value in it is not valid: check each argument and variable.");
		assertThat(ErrorMessages.plainMessage("Exception while fetching data (/me) : org.example.Thing",
				"DataFetchingException"))
			.isEqualTo("The request could not be completed; nothing was changed.");
	}

	@Test
	void plainMessagesAreKeptWithoutTheEnginePrefix() {
		assertThat(ErrorMessages.plainMessage(
				"Validation error (FieldUndefined@[me/noSuchField]) : Field 'noSuchField' in type 'Viewer' is undefined",
				"ValidationError"))
			.isEqualTo("Field 'noSuchField' in type 'Viewer' is undefined");
		assertThat(ErrorMessages.plainMessage("Invalid syntax with offending token '<EOF>' at line 1 column 16",
				"InvalidSyntax"))
			.isEqualTo("Invalid syntax with offending token '<EOF>' at line 1 column 16");
	}
}
