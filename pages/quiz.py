from studylab.study import face, quiz_face
from studylab.ui import site

page = site.start_page(__file__)
store, questions, learner = face.setup(page, "Quiz")
if learner:
    quiz_face.quiz_page(store, learner, questions)
    quiz_face.decks_panel(store, learner, questions)
