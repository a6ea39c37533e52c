// « The organisations of a délégation » as SQL text, written once (issue 22, session 18): an organisation lies
// in a délégation when its commune's EPCI is one of the délégation's and the commune lies in the délégation's
// département. Served to the directory's scope (Repository::organisations_in_delegations), the offers of a
// limited coordinator (outings/offers), the reach's and the follow-up's délégation of a commune (outings/reach,
// outings/followup). Defined in repository.cpp; the text holds ids only, never user text. A header of its own so
// that its users do not include the organisations' repository.
#pragma once
#include <string>
#include <vector>

#include <soci/soci.h>

namespace trame::organisations {

// The joins from a row of communes (alias `communes`: its epci_siren and departement_code) to the délégations
// it lies in, aliased `links` (delegation_epcis) and `delegations`. With `left`, LEFT JOINs: a commune in no
// délégation keeps one row whose délégation columns are NULL, as do the délégations of its EPCI in another
// département.
std::string delegation_joins(const std::string& communes, const std::string& links, const std::string& delegations,
                             bool left);

// A subquery selecting the ids of the organisations whose commune lies in one of these délégations (none for
// an empty list), for a « column IN (…) »; `prefix` starts its aliases (so that it can be nested in a query
// using the plain ones). An organisation in two of the délégations comes twice.
std::string delegation_organisations_sql(soci::session& sql, const std::vector<long long>& delegations,
                                         const std::string& prefix);

}  // namespace trame::organisations
