# One name per cited source. Source IRIs ignore case ("Booking.com" and "booking.com"
# are one source), so documents may give one source names that differ in case or
# punctuation. The smallest name (in code point order: the same whatever the order of
# the documents) stays its rdfs:label; the others become skos:altLabel.
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

DELETE { GRAPH ?g { ?source rdfs:label ?other } }
INSERT { GRAPH ?g { ?source skos:altLabel ?other } }
WHERE {
  {
    SELECT ?source (MIN(STR(?name)) AS ?kept) WHERE {
      GRAPH ?typed { ?source a kg:CitedSource } GRAPH ?named { ?source rdfs:label ?name }
    }
    GROUP BY ?source HAVING (COUNT(DISTINCT ?name) > 1)
  }
  GRAPH ?g { ?source rdfs:label ?other }
  FILTER (STR(?other) != ?kept)
}
