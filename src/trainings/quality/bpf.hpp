// The bilan pédagogique et financier (Cerfa 10443): how a trainee's status and a funding line map to
// its lines. Pure functions (tested in tests/unit/trainings/bpf_test.cpp; the rules are in
// docs/trainings/trainee_status.md and printed on /formations/bilan and in its XLSX).
#pragma once
#include <string>
#include <vector>

namespace trame::quality::bpf {

// Section F-1 « Type de stagiaires », in the Cerfa's order:
// private_employees (a. salariés d'employeurs privés hors apprentis), apprentices (b. apprentis),
// jobseekers (c. personnes en recherche d'emploi), individuals (d. particuliers à leurs propres frais),
// others (e. autres stagiaires).
const std::vector<std::string>& trainee_lines();

// Section C « Origine des produits », in the Cerfa's order: c1 (entreprises, pour leurs salariés),
// c2h (OPCO, plan de développement des compétences et autres dispositifs), c2e (CPF), c3 (pouvoirs
// publics pour la formation de leurs agents), c5 (État), c6 (conseils régionaux), c7 (France Travail),
// c8 (autres ressources publiques), c9 (personnes à titre individuel et à leurs frais), c11 (autres produits).
const std::vector<std::string>& product_lines();

// Whether the employer type is a public employer (collectivité territoriale, établissement culturel
// public, État ou établissement public).
bool public_employer(const std::string& employer_type);

// The F-1 line of a trainee: status and employer type (enrolments::trainee_statuses(), employer_types(),
// "" when unknown), the programme's nature (action_formation, bilan, vae, apprentissage) and the main
// funder of the application ("" when it has no funding line).
std::string trainee_line(const std::string& status, const std::string& employer_type, const std::string& nature,
                         const std::string& main_funder);

// The C line of a funding line's product: its funder code (enrolments::funders()) and the trainee's
// employer type (an employer paying for its agents is a public one, c3, or a company, c1).
std::string product_line(const std::string& funder, const std::string& employer_type);

}  // namespace trame::quality::bpf
