// Plain data of the agreements module: training agreements (convention de formation, Code du travail
// L6353-1) and training contracts (contrat de formation professionnelle, L6353-3 to L6353-7), their
// versions (PDF, SHA-256, sending) and their signature.
#pragma once
#include <string>
#include <vector>

namespace trame::agreements {

inline const std::vector<std::string>& kinds() {
  static const std::vector<std::string> v = {"convention", "contract"};
  return v;
}
inline const std::vector<std::string>& modes() {
  static const std::vector<std::string> v = {"presentiel", "distanciel", "mixte"};
  return v;
}
// Types of action of article L6313-1 (the programme's nature).
inline const std::vector<std::string>& action_types() {
  static const std::vector<std::string> v = {"action_formation", "bilan", "vae", "apprentissage"};
  return v;
}
inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> v = {"draft", "sent", "signed", "withdrawn", "cancelled"};
  return v;
}

struct Agreement {
  long long id = 0;
  long long session_id = 0;
  long long application_id = 0;
  std::string kind;
  std::string status;
  std::string party_name, party_representative, party_email;
  std::string title, objectives, programme, action_type, place, mode, sanction, trainers;
  long long duration_minutes = 0;
  long long price_cents = 0;
  long long advance_percent = 0;
  long long starts_at = 0, ends_at = 0;
  long long max_trainees = 0;
  long long current_version = 0;
  std::string current_sha256;
  std::string signature_kind;  // "", online, upload
  long long signed_at = 0;
  long long signed_version = 0;
  std::string signed_sha256, signer_name, signer_ip, signer_agent;
  std::string upload_name, upload_sha256;
  long long upload_size = 0;
  long long withdrawal_ends_at = 0;
  long long withdrawn_at = 0;
  long long cancelled_at = 0;
  std::string cancel_reason;
  long long created_at = 0, updated_at = 0;
  // Joined: the trainee, the session, the programme and its organiser.
  long long trainee_user_id = 0;
  std::string trainee_name, trainee_email, organisation_name;
  std::string session_title, programme_title, organiser_name;
  long long organiser_id = 0;
};

struct Version {
  long long id = 0;
  long long agreement_id = 0;
  long long number = 0;
  std::string file_name;
  std::string sha256;
  std::string data;     // the PDF's bytes (filled when downloading or sending)
  std::string content;  // the sections printed (see serialise_sections), filled with the bytes
  long long size_bytes = 0;
  long long created_at = 0;
  long long outbox_id = 0;
  std::string sent_to;
  long long sent_at = 0;
};

// The form, as typed. Create: kind, application and the party; edit: the party and the content.
struct AgreementInput {
  std::string kind, application;
  std::string party_name, party_representative, party_email;
  std::string title, objectives, programme, action_type, duration, place, mode, sanction, trainers, price,
      advance_percent;
};

// An application the managers can make an agreement for.
struct Candidate {
  long long application_id = 0;
  std::string name, email, status, organisation_name, funding_intended;
};

// A funding line as printed (amounts by funder).
struct Funding {
  std::string funder, funder_name, status;
  long long amount_cents = 0;
};

// One part of the document (an article): the PDF and the signing page print the same.
struct Section {
  std::string heading;
  std::vector<std::string> paragraphs;
};

}  // namespace trame::agreements
