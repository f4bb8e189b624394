package org.carnet.graphql.read;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import graphql.GraphQLContext;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import org.carnet.core.PersonId;
import org.carnet.record.Entry;
import org.carnet.record.Person;
import org.carnet.record.Records;
import org.carnet.record.Section;
import org.dataloader.DataLoader;
import reactor.core.publisher.Mono;

import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * Loads the entries of the health fields of {@code Person}: one DataLoader keyed by (person, section), so that every
 * section allowed by the {@link ConsentGate} of every person of a request is read in one query and decrypted with
 * one key batch, whatever the number of persons, sections and entries. A field the gate denied never asks, so its
 * section is never read nor decrypted.
 * <p>
 * When the loader runs, consent has been decided for every field about to be loaded, so the request's read events
 * are known: their durable append is started ({@link ReadAudit#start()}) before the query, and runs meanwhile.
 */
@Component
class SectionLoader implements RuntimeWiringConfigurer {

	static final String NAME = "sections";

	/** The section behind each health field of {@code Person}. */
	static final Map<String, Section> FIELDS = Map.ofEntries(Map.entry("identity", Section.IDENTITY),
			Map.entry("allergies", Section.ALLERGY), Map.entry("medications", Section.MEDICATION),
			Map.entry("conditions", Section.CONDITION), Map.entry("vaccinations", Section.VACCINATION),
			Map.entry("infectiousDiseases", Section.INFECTIOUS_DISEASE_SCREENING),
			Map.entry("mentalHealth", Section.MENTAL_HEALTH_ASSESSMENT),
			Map.entry("reproductiveHealth", Section.REPRODUCTIVE_HEALTH), Map.entry("vitals", Section.VITAL_SIGN),
			Map.entry("bloodGroup", Section.BLOOD_GROUP), Map.entry("labResults", Section.LAB_RESULT),
			Map.entry("encounters", Section.ENCOUNTER));

	/** Sections with one current value (the newest entry): the others answer a list. */
	private static final Set<Section> SINGLE = EnumSet.of(Section.IDENTITY, Section.BLOOD_GROUP);

	private final Records records;

	SectionLoader(Records records, BatchLoaderRegistry loaders) {
		this.records = records;
		loaders.<SectionKey, List<Entry>>forName(NAME)
			.registerMappedBatchLoader((keys, environment) -> Mono
				.fromCallable(() -> load(keys, (GraphQLContext) environment.getContext())));
	}

	/** One entry of the loader: a section of a person's record. */
	record SectionKey(PersonId person, Section section) {
	}

	/** The fetcher of each health field of {@code Person}; the consent gate wraps it. */
	@Override
	public void configure(RuntimeWiring.Builder builder) {
		builder.type("Person", type -> {
			FIELDS.forEach((field, section) -> type.dataFetcher(field, fetcher(section)));
			return type;
		});
	}

	private static DataFetcher<CompletableFuture<?>> fetcher(Section section) {
		boolean single = SINGLE.contains(section);
		return env -> {
			Person person = env.getSource();
			CompletableFuture<List<Entry>> entries = loader(env).load(new SectionKey(person.id(), section));
			return single ? entries.thenApply(list -> list.isEmpty() ? null : list.get(list.size() - 1)) : entries;
		};
	}

	private static DataLoader<SectionKey, List<Entry>> loader(DataFetchingEnvironment env) {
		DataLoader<SectionKey, List<Entry>> loader = env.getDataLoader(NAME);
		if (loader == null) {
			throw new IllegalStateException("No " + NAME + " loader in this request");
		}
		return loader;
	}

	private Map<SectionKey, List<Entry>> load(Set<SectionKey> keys, GraphQLContext context) {
		ReadAudit audit = ReadAudit.of(context);
		audit.start();
		Map<PersonId, Set<Section>> wanted = new LinkedHashMap<>();
		for (SectionKey key : keys) {
			wanted.computeIfAbsent(key.person(), p -> EnumSet.noneOf(Section.class)).add(key.section());
		}
		Map<PersonId, Map<Section, List<Entry>>> loaded;
		try {
			loaded = records.current(wanted);
		}
		catch (RuntimeException ex) {
			audit.failed(wanted.keySet());
			throw ex;
		}
		Map<SectionKey, List<Entry>> result = new HashMap<>(keys.size() * 2);
		for (SectionKey key : keys) {
			result.put(key, loaded.get(key.person()).get(key.section()));
		}
		return result;
	}
}
