use super::*;

fn base() -> Arc<ActorBase> {
    ActorBase::embedded()
}

#[test]
fn debug_dump() {
    let b = base();
    eprintln!("warnings: {:#?}", b.load_warnings());
    eprintln!(
        "records {} groups {}",
        b.actors().count(),
        b.non_state_group_count()
    );
    for t in [
        "JNIM claimed that it kidnapped Wagner Group personnel near Ségou, killing six Malian soldiers.",
        "Nigerien and Malian troops clashed with ISGS fighters; l'armée malienne et les soldats burkinabè ont riposté.",
        "Mali's army and the junta in Bamako denied that Wagner massacred Fulani civilians. Bamako accused Paris of subversion.",
        "Des individus armés non identifiés ont tué des civils peuls; les combattants du GSIM ont revendiqué.",
        "The army said soldiers killed 20 jihadists. Mali accusing France of subversion.",
        "Richard Wagner wrote operas. The FDS and VDP repelled the attack.",
    ] {
        eprintln!("--- {t}");
        for (r, a) in b.find_all_in_context(t, Some("ML")) {
            eprintln!("  {:?} {:?} {:?} {:?} {:?} {:?}", &t[r.clone()], a.actor.id, a.actor.country, a.actor.identity, a.actor.inter, a.resolution);
        }
    }
}
