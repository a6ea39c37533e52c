-- The trainee's status and employer type on an application, for funding and the yearly figures (BPF).
-- '' only on applications made before this migration (the demo fills its own); new applications require both.
-- trainee_status: employee (salarié), volunteer (bénévole), board_member (administrateur, membre du bureau),
-- jobseeker (demandeur d'emploi), local_agent (agent de collectivité territoriale), independent (indépendant, autre).
-- employer_type: local_authority, association, medico_social, public_cultural, private_company, state, none.
ALTER TABLE training_applications ADD COLUMN trainee_status TEXT NOT NULL DEFAULT '' CHECK (trainee_status IN ('','employee','volunteer','board_member','jobseeker','local_agent','independent'));
ALTER TABLE training_applications ADD COLUMN employer_type TEXT NOT NULL DEFAULT '' CHECK (employer_type IN ('','local_authority','association','medico_social','public_cultural','private_company','state','none'));
