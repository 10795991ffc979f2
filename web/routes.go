package web

import (
	"net/http"
	"net/url"

	"github.com/creatorclub/creatorclub"
)

// access says who may use a route. It is checked on the server for every
// request, before the handler runs.
type access int

const (
	// anyone, signed in or not.
	public access = iota
	// any signed-in user, whatever the role.
	signedIn
	// certified members only: registering for events.
	certified
	// certified members and staff: pages with member data (the directory).
	// Speakers and partners have no access to member data.
	community
	// moderators, safety officers and admins.
	staff
	// those who run events: moderators, admins, and partners (who may edit
	// only the events their organisation co-organises, checked by the handler).
	organiser
	// moderators and admins: creating events.
	eventStaff
	// safety officers only: revealing who wrote an anonymous question.
	safetyOnly
	// admins only.
	adminOnly
)

// allows reports whether u (nil for a visitor) may use a route of this access.
func (a access) allows(u *creatorclub.User) bool {
	switch a {
	case public:
		return true
	case signedIn:
		return u != nil
	case certified:
		return u != nil && u.Role == creatorclub.RoleMember
	case community:
		return u != nil && (u.Role == creatorclub.RoleMember || u.Role.IsStaff())
	case staff:
		return u != nil && u.Role.IsStaff()
	case organiser:
		return u != nil && (u.Role == creatorclub.RoleModerator || u.Role == creatorclub.RoleAdmin || u.Role == creatorclub.RolePartner)
	case safetyOnly:
		return u != nil && u.Role == creatorclub.RoleSafety
	case eventStaff:
		return u != nil && (u.Role == creatorclub.RoleModerator || u.Role == creatorclub.RoleAdmin)
	case adminOnly:
		return u != nil && u.Role == creatorclub.RoleAdmin
	}
	return false
}

// route is one entry of the route table.
type route struct {
	Method  string
	Path    string
	Access  access
	Handler http.HandlerFunc
}

// routes lists every route of the club, readable top to bottom. State never
// changes on GET.
func (s *Server) routes() []route {
	routes := []route{
		// Infrastructure.
		{"GET", "/healthz", public, s.handleHealth},
		{"GET", "/metrics", public, s.handleMetrics},
		{"GET", "/static/{hash}/{name}", public, s.static.serve},

		// Public pages.
		{"GET", "/{$}", public, s.handleIndex},
		{"GET", "/verifier-certification", public, s.handleCheckCertification},
		{"POST", "/langue", public, s.handleSetLanguage},

		// Sign-in by magic link.
		{"GET", "/connexion", public, s.handleSignInForm},
		{"POST", "/connexion", public, s.handleSignInRequest},
		{"GET", "/connexion/lien", public, s.handleSignInLink},
		{"POST", "/connexion/lien", public, s.handleSignInConfirm},
		{"POST", "/deconnexion", signedIn, s.handleSignOut},
		{"POST", "/deconnexion/partout", signedIn, s.handleSignOutEverywhere},

		// The signed-in user's own pages.
		{"GET", "/accueil", signedIn, s.handleHome},
		{"GET", "/profil", signedIn, s.handleProfileForm},
		{"POST", "/profil", signedIn, s.handleProfileSave},
		{"GET", "/compte", signedIn, s.handleAccount},
		{"GET", "/compte/export", signedIn, s.handleExportData},
		{"POST", "/compte/supprimer", signedIn, s.handleDeleteAccount},

		// Events: calendar, registration, video rooms, feeds.
		{"GET", "/agenda", public, s.handleAgenda},
		{"GET", "/agenda/mois", public, s.handleAgendaMonth},
		{"GET", "/agenda.ics", public, s.handlePublicFeed},
		{"GET", "/calendrier/{token}", public, s.handlePrivateFeed},
		{"POST", "/compte/calendrier", signedIn, s.handleResetFeed},
		{"GET", "/evenements/{id}", public, s.handleEventPage},
		{"GET", "/evenements/{id}/invitation.ics", public, s.handleEventICS},
		{"POST", "/evenements/{id}/inscription", certified, s.handleRegister},
		{"POST", "/evenements/{id}/annulation", certified, s.handleCancelRegistration},
		{"POST", "/evenements/{id}/rejoindre", signedIn, s.handleJoin},
		{"GET", "/evenements/{id}/supports/{mid}", signedIn, s.handleMaterial},
		{"GET", "/rejoindre/{token}", public, s.handlePersonalJoinPage},
		{"POST", "/rejoindre/{token}", public, s.handlePersonalJoin},

		// Question boxes.
		{"GET", "/evenements/{id}/questions", signedIn, s.handleQuestions},
		{"GET", "/evenements/{id}/questions/flux", signedIn, s.handleQuestionStream},
		{"GET", "/evenements/{id}/questions/presentateur", signedIn, s.handlePresenter},
		{"POST", "/questions/boites/{box}/poser", certified, s.handleAsk},
		{"POST", "/questions/boites/{box}/reglages", eventStaff, s.handleBoxSettings},
		{"POST", "/questions/{qid}/vote", certified, s.handleVote},
		{"POST", "/questions/{qid}/retirer", certified, s.handleWithdraw},
		{"POST", "/questions/{qid}/moderer", eventStaff, s.handleModerate},
		{"POST", "/questions/{qid}/fusionner", eventStaff, s.handleMerge},
		{"POST", "/questions/{qid}/reveler", safetyOnly, s.handleRevealAuthor},
		{"GET", "/gestion/evenements/{id}/export/{format}", eventStaff, s.handleQuestionsExport},

		// Legal watch.
		{"GET", "/veille", public, s.handleLegalFeed},
		{"GET", "/veille.atom", public, s.handleLegalAtom},
		{"GET", "/veille/{id}", public, s.handleLegalItem},
		{"GET", "/gestion/veille", eventStaff, s.handleManageLegal},
		{"GET", "/gestion/veille/nouveau", eventStaff, s.handleNewLegalForm},
		{"POST", "/gestion/veille", eventStaff, s.handleSaveLegal},
		{"GET", "/gestion/veille/{id}", eventStaff, s.handleEditLegalForm},
		{"POST", "/gestion/veille/{id}", eventStaff, s.handleSaveLegal},
		{"GET", "/gestion/veille/import", eventStaff, s.handleImportQueue},
		{"POST", "/gestion/veille/import/relever", eventStaff, s.handlePollFeeds},
		{"POST", "/gestion/veille/import/{iid}/accepter", eventStaff, s.handleAcceptImport},
		{"POST", "/gestion/veille/import/{iid}/ecarter", eventStaff, s.handleDiscardImport},
		{"GET", "/desabonnement/{token}", public, s.handleUnsubscribePage},
		{"POST", "/desabonnement/{token}", public, s.handleUnsubscribe},

		// Newsletters and service notices.
		{"GET", "/lettres", community, s.handleArchive},
		{"GET", "/lettres/{id}", community, s.handleArchived},
		{"GET", "/gestion/lettres", eventStaff, s.handleManageCampaigns},
		{"GET", "/gestion/lettres/nouvelle", eventStaff, s.handleNewCampaign},
		{"POST", "/gestion/lettres", eventStaff, s.handleSaveCampaign},
		{"GET", "/gestion/lettres/{id}", eventStaff, s.handleEditCampaign},
		{"POST", "/gestion/lettres/{id}", eventStaff, s.handleSaveCampaign},
		{"POST", "/gestion/lettres/{id}/veille", eventStaff, s.handleInsertLegal},
		{"POST", "/gestion/lettres/{id}/test", eventStaff, s.handleTestCampaign},
		{"POST", "/gestion/lettres/{id}/envoyer", eventStaff, s.handleSendCampaign},
		{"POST", "/gestion/lettres/{id}/programmer", eventStaff, s.handleScheduleCampaign},
		{"POST", "/gestion/lettres/{id}/etat/{action}", eventStaff, s.handleCampaignControl},
		{"GET", "/gestion/lettres/{id}/progression", eventStaff, s.handleCampaignProgress},
		{"GET", "/gestion/lettres/{id}/envois", eventStaff, s.handleDeliveries},

		// Running events.
		{"GET", "/gestion/evenements", organiser, s.handleManageEvents},
		{"GET", "/gestion/evenements/nouveau", eventStaff, s.handleNewEventForm},
		{"POST", "/gestion/evenements", eventStaff, s.handleCreateEvent},
		{"GET", "/gestion/evenements/{id}", organiser, s.handleEditEventForm},
		{"POST", "/gestion/evenements/{id}", organiser, s.handleUpdateEvent},
		{"POST", "/gestion/evenements/{id}/annuler", eventStaff, s.handleCancelEvent},
		{"GET", "/gestion/evenements/{id}/inscrits", eventStaff, s.handleAttendees},
		{"GET", "/gestion/evenements/{id}/inscrits.csv", eventStaff, s.handleAttendeesCSV},
		{"POST", "/gestion/evenements/{id}/supports", organiser, s.handleUploadMaterial},
		{"POST", "/gestion/evenements/{id}/supports/{mid}/supprimer", organiser, s.handleDeleteMaterial},

		// Member directory.
		{"GET", "/annuaire", community, s.handleDirectory},
		{"GET", "/membres/{id}", community, s.handleMemberProfile},

		// Administration.
		{"GET", "/admin", adminOnly, s.handleAdminHome},
		{"GET", "/admin/registre", adminOnly, s.handleRosterForm},
		{"POST", "/admin/registre", adminOnly, s.handleRosterPreview},
		{"GET", "/admin/registre/{upload}", adminOnly, s.handleRosterReport},
		{"POST", "/admin/registre/{upload}/appliquer", adminOnly, s.handleRosterApply},
		{"GET", "/admin/utilisateurs", adminOnly, s.handleAdminUsers},
		{"POST", "/admin/utilisateurs", adminOnly, s.handleAdminCreateUser},
		{"POST", "/admin/utilisateurs/{id}/role", adminOnly, s.handleAdminSetRole},
		{"POST", "/admin/utilisateurs/{id}/deconnecter", adminOnly, s.handleAdminEndSessions},
		{"GET", "/admin/journal", adminOnly, s.handleAuditLog},
	}
	routes = append(routes, s.safetyRoutes()...)
	routes = append(routes, s.coursesRoutes()...)
	routes = append(routes, s.committeeRoutes()...)
	routes = append(routes, s.homeRoutes()...)
	routes = append(routes, s.selfCheckRoutes()...)
	routes = append(routes, s.observatoryRoutes()...)
	return routes
}

// authorize refuses a request its user may not make: a visitor is sent to
// the sign-in page (with the page to come back to), a signed-in user without
// the right role gets 403.
func (s *Server) authorize(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := userFrom(r.Context())
		if u != nil && !restrictionAllows(r.Context(), rt) {
			s.renderError(w, r, http.StatusForbidden, s.t(r, "safety_access_restricted"))
			return
		}
		if rt.Access.allows(u) {
			rt.Handler(w, r)
			return
		}
		if u == nil {
			next := ""
			if r.Method == http.MethodGet {
				next = "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, "/connexion"+next, http.StatusSeeOther)
			return
		}
		s.renderError(w, r, http.StatusForbidden, s.t(r, "error_forbidden"))
	})
}

// RouteInfo names a route, for tests that walk every route.
type RouteInfo struct {
	Method, Path string
}

// Routes lists every route of the server.
func (s *Server) Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range s.routes() {
		out = append(out, RouteInfo{rt.Method, rt.Path})
	}
	return out
}
