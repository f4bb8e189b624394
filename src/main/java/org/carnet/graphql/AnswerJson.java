package org.carnet.graphql;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.util.StreamUtils;

/**
 * The JSON of the GraphQL endpoint. A request is read by Jackson's converter, as before; an answer (graphql-java's
 * specification map: maps, lists, strings, numbers, booleans and nulls) is written straight to a Jackson generator,
 * in the map's order and with its nulls, which is the JSON Jackson's own map serializer writes, without its look-up
 * of a serializer for every key and value (a whole record has about 1,100 of them: a tenth of the request's CPU).
 * Numbers other than integers, and a value of any other type, are written by Jackson's serializers.
 */
final class AnswerJson implements HttpMessageConverter<Object> {

	private final JsonMapper mapper;

	private final JacksonJsonHttpMessageConverter jackson;

	AnswerJson(JsonMapper mapper) {
		this.mapper = mapper;
		this.jackson = new JacksonJsonHttpMessageConverter(mapper);
	}

	@Override
	public boolean canRead(Class<?> type, MediaType mediaType) {
		return jackson.canRead(type, mediaType);
	}

	@Override
	public boolean canWrite(Class<?> type, MediaType mediaType) {
		return jackson.canWrite(type, mediaType);
	}

	@Override
	public List<MediaType> getSupportedMediaTypes() {
		return jackson.getSupportedMediaTypes();
	}

	@Override
	public Object read(Class<?> type, HttpInputMessage input) throws IOException {
		return jackson.read(type, input);
	}

	@Override
	public void write(Object answer, MediaType contentType, HttpOutputMessage output) throws IOException {
		if (!(answer instanceof Map<?, ?>)) {
			jackson.write(answer, contentType, output);
			return;
		}
		HttpHeaders headers = output.getHeaders();
		if (headers.getContentType() == null) {
			headers.setContentType(contentType == null || contentType.isWildcardType() || contentType.isWildcardSubtype()
					? MediaType.APPLICATION_JSON : contentType);
		}
		OutputStream body = StreamUtils.nonClosing(output.getBody());
		try (JsonGenerator generator = mapper.createGenerator(body)) {
			write(generator, answer);
		}
	}

	/** Writes one value of an answer; the depth of an answer is bounded by the request limits (max-depth). */
	static void write(JsonGenerator generator, Object value) {
		if (value == null) {
			generator.writeNull();
		}
		else if (value instanceof String text) {
			generator.writeString(text);
		}
		else if (value instanceof AnswerObject object) {
			generator.writeStartObject();
			for (int i = 0; i < object.size(); i++) {
				generator.writeName(object.key(i));
				write(generator, object.value(i));
			}
			generator.writeEndObject();
		}
		else if (value instanceof Map<?, ?> map) {
			generator.writeStartObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				generator.writeName(String.valueOf(entry.getKey()));
				write(generator, entry.getValue());
			}
			generator.writeEndObject();
		}
		else if (value instanceof List<?> list) {
			generator.writeStartArray();
			for (Object item : list) {
				write(generator, item);
			}
			generator.writeEndArray();
		}
		else if (value instanceof Boolean bool) {
			generator.writeBoolean(bool);
		}
		else if (value instanceof Integer number) {
			generator.writeNumber(number);
		}
		else {
			// other numbers (rare in an answer) and any other type: Jackson's own serializers
			generator.writePOJO(value);
		}
	}
}
