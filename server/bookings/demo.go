package bookings

// DemoOffices are three clearly fictitious offices for demos and tests: the
// names, addresses and links are made up and say so.
func DemoOffices() []Office {
	weekdays := func(ps ...Period) map[string][]Period {
		h := map[string][]Period{}
		for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
			h[d] = ps
		}
		return h
	}
	morning := Period{From: 9 * 60, To: 12 * 60}
	afternoon := Period{From: 13 * 60, To: 16 * 60}
	documents := Service{
		ID: "submit_documents", DurationMinutes: 20, Capacity: 3, HorizonDays: 56, LeadMinutes: 120,
		Procedures:      []string{"asylum", "family", "study", "work", "regularisation", "statelessness"},
		DossierRequired: true,
		Checklist:       []string{"booking.bring.passport", "booking.bring.letter", "booking.bring.originals", "booking.bring.copies"},
	}
	biometrics := Service{
		ID: "biometrics", DurationMinutes: 15, Capacity: 2, HorizonDays: 42, LeadMinutes: 24 * 60,
		Procedures:      []string{"asylum", "family", "study", "work", "regularisation", "statelessness", "eu_citizen"},
		DossierRequired: true,
		Checklist:       []string{"booking.bring.passport", "booking.bring.letter", "booking.bring.photo"},
		Hours:           weekdays(morning),
	}
	interview := Service{
		ID: "information_interview", DurationMinutes: 30, Capacity: 2, HorizonDays: 28, LeadMinutes: 60,
		Checklist: []string{"booking.bring.id_document", "booking.bring.letters_received"},
	}
	address := Service{
		ID: "address_notification_help", DurationMinutes: 15, Capacity: 1, HorizonDays: 28, LeadMinutes: 60,
		Procedures: []string{"short_stay", "eu_citizen"},
		Checklist:  []string{"booking.bring.passport", "booking.bring.address_proof"},
	}
	// Return counselling (ICAM): open to anyone, with or without a dossier
	// or a residence permit; a counsellor needs time, so one desk and 45
	// minutes.
	returnCounselling := Service{
		ID: "return_counselling", DurationMinutes: 45, Capacity: 1, HorizonDays: 42, LeadMinutes: 120,
		Checklist: []string{"booking.bring.id_document", "booking.bring.letters_received"},
		Hours:     weekdays(afternoon),
	}
	liegeReturn := returnCounselling
	liegeReturn.Hours = weekdays(Period{From: 13*60 + 30, To: 15*60 + 30})
	return []Office{
		{
			ID: "demo-brussels", Name: "Loket Demo Brussel/Bruxelles (fictitious)",
			Address:   "Voorbeeldstraat 1 rue Exemple, 1000 Brussel/Bruxelles (fictitious)",
			MapURL:    "https://www.openstreetmap.org/?mlat=50.8467&mlon=4.3525#map=18/50.8467/4.3525",
			Languages: []string{"fr", "nl"},
			Accessibility: map[string]string{
				"en": "Step-free entrance on the side street. Lift to all floors. Hearing loop at desk 1.",
				"fr": "Entrée de plain-pied dans la rue latérale. Ascenseur vers tous les étages. Boucle magnétique au guichet 1.",
				"nl": "Drempelvrije ingang in de zijstraat. Lift naar alle verdiepingen. Ringleiding aan loket 1.",
			},
			Hours:    weekdays(morning, afternoon),
			Closures: []Closure{{From: Date{2026, 12, 24}, To: Date{2026, 12, 31}, Reason: "end-of-year closure (demo)"}},
			Services: []Service{documents, biometrics, interview, address, returnCounselling},
			Contact: Contact{Phone: "+32 2 000 00 01", PhoneHours: weekdays(Period{From: 9 * 60, To: 16 * 60}),
				Email: "brussels@loket-demo.example", DeskLanguages: []string{"en", "ar", "es"}},
		},
		{
			ID: "demo-antwerpen", Name: "Loket Demo Antwerpen (fictitious)",
			Address:   "Voorbeeldlei 2, 2000 Antwerpen (fictitious)",
			MapURL:    "https://www.openstreetmap.org/?mlat=51.2194&mlon=4.4025#map=18/51.2194/4.4025",
			Languages: []string{"nl"},
			Accessibility: map[string]string{
				"en": "Entrance with a ramp. Accessible toilet on the ground floor.",
				"nl": "Ingang met een helling. Aangepast toilet op het gelijkvloers.",
			},
			Hours: map[string][]Period{
				"mon": {morning, afternoon}, "tue": {morning, afternoon}, "wed": {morning},
				"thu": {morning, {From: 13 * 60, To: 19 * 60}}, "fri": {morning},
			},
			Services: []Service{documents, interview, address},
			Contact: Contact{Phone: "+32 3 000 00 02", PhoneHours: weekdays(morning),
				Email: "antwerpen@loket-demo.example", DeskLanguages: []string{"en", "fr", "tr"}},
		},
		{
			ID: "demo-liege", Name: "Loket Démo Liège (fictif)",
			Address:   "Rue de l'Exemple 3, 4000 Liège (fictif)",
			MapURL:    "https://www.openstreetmap.org/?mlat=50.6326&mlon=5.5797#map=18/50.6326/5.5797",
			Languages: []string{"fr"},
			Accessibility: map[string]string{
				"en": "Two steps at the entrance; ring the bell for the mobile ramp.",
				"fr": "Deux marches à l'entrée ; sonnez pour la rampe mobile.",
			},
			Hours:    weekdays(Period{From: 8*60 + 30, To: 12*60 + 30}, Period{From: 13*60 + 30, To: 15*60 + 30}),
			Services: []Service{documents, biometrics, interview, liegeReturn},
			Contact:  Contact{Phone: "+32 4 000 00 03", Email: "liege@loket-demo.example", DeskLanguages: []string{"en", "nl", "ar"}},
		},
	}
}

// DemoAdministration is the clearly fictitious administration of the demo
// offices: its name says so, its phone numbers have no subscriber, and its
// e-mail domain is reserved for examples.
func DemoAdministration() Administration {
	weekdays := map[string][]Period{}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
		weekdays[d] = []Period{{From: 9 * 60, To: 12 * 60}, {From: 13 * 60, To: 16 * 60}}
	}
	return Administration{
		Name: map[string]string{
			"en": "Loket Demo Immigration Office (fictitious)",
			"nl": "Loket Demo Dienst Vreemdelingenzaken (fictief)",
			"fr": "Loket Démo Office des étrangers (fictif)",
			"de": "Loket Demo Ausländeramt (fiktiv)",
		},
		Address: "Loket Demo (fictitious), Voorbeeldplein 10 place Exemple, 1000 Brussel/Bruxelles",
		Contact: Contact{Phone: "+32 2 000 00 00", PhoneHours: weekdays, Email: "helpdesk@loket-demo.example",
			DeskLanguages: []string{"nl", "fr", "de", "en"}},
		Accessibility: map[string]string{
			"en": "Ask for a sign-language interpreter or an adapted appointment by e-mail or through the help form, at least three working days ahead.",
			"nl": "Vraag een gebarentolk of een aangepaste afspraak aan per e-mail of via het hulpformulier, minstens drie werkdagen op voorhand.",
			"fr": "Demandez un interprète en langue des signes ou un rendez-vous adapté par e-mail ou via le formulaire d'aide, au moins trois jours ouvrables à l'avance.",
			"de": "Bitten Sie per E-Mail oder über das Hilfeformular mindestens drei Werktage im Voraus um einen Gebärdensprachdolmetscher oder einen angepassten Termin.",
		},
	}
}
