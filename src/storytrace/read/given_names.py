"""A small lexicon of common given names, used as one kind of evidence that a capitalised
pair of words names a person ("Andrei Gusev" with nothing else said about him).

Written for this project: frequent given names across English, Russian, Ukrainian,
Arabic, Persian, Hebrew, Turkish, Spanish, French, German and Chinese transliterations.
A name missing here only means weaker evidence, never a rejection.
"""

GIVEN_NAMES = frozenset(
    """
    Aaron Abdul Abdullah Abraham Adam Adrian Ahmad Ahmed Alan Albert Alberto Alex Alexander
    Alexandra Alexei Alexey Ali Alice Alicia Alina Alison Amanda Amir Amy Ana Anatoly Andrea
    Andreas Andrei Andrew Andrey Angela Anna Anne Anthony Anton Antonio Arkady Arthur Ashley
    Avi Barbara Ben Benjamin Bernard Beth Bill Bob Boris Brian Bruce Bruno Carl Carlos
    Carol Caroline Catherine Charles Charlotte Chris Christian Christina Christine
    Christopher Claire Claude Claudia Colin Craig Dan Daniel Daniela David Deborah Denis
    Dennis Diana Diego Dmitry Dmitri Donald Doug Douglas Edward Elena Eli Elizabeth Ellen
    Emily Emma Emmanuel Eric Erik Eva Evgeny Fatima Felix Fernando Francis Francisco Frank
    Fred Gabriel Gary Gennady George Georgy Gerald Gregory Hannah Hans Harold Harry Hassan
    Heather Helen Henry Hossein Hugo Hussein Igor Ilya Isaac Ivan Jack Jacob James Jan Jane
    Janet Jason Javier Jean Jeff Jeffrey Jennifer Jessica Jim Joan Joe John Jonathan Jorge
    Jose Joseph Joshua Juan Julia Julie Karen Karim Katherine Kathleen Kelly Kenneth Kevin
    Khalid Kirill Konstantin Kristina Larry Laura Lauren Leonid Linda Lisa Louis Lucas Luis
    Lyudmila Mahmoud Marat Marc Marco Margaret Maria Marie Mark Martin Mary Matthew Maxim
    Maria Mehdi Michael Michel Michelle Miguel Mikhail Mohamed Mohammad Mohammed Muhammad
    Nadia Nancy Natalia Natalya Nathan Nicholas Nick Nicolas Nikita Nikolai Nikolay Oleg
    Olga Omar Oscar Pablo Patricia Patrick Paul Pavel Pedro Peter Philip Pierre Rachel
    Rafael Ramil Rashid Raymond Rebecca Reza Richard Robert Roberto Roger Roman Ronald Ruslan
    Ryan Sam Samuel Sandra Sara Sarah Scott Sean Sergei Sergey Stanislav Stefan Stephanie
    Stephen Steve Steven Susan Svetlana Tatiana Tatyana Thomas Tim Timothy Tom Valentin
    Valery Vadim Vasily Victor Viktor Vincent Vitaly Vladimir Vladislav Walter William
    Yaakov Yevgeny Yosef Youssef Yulia Yuri Yury Zhang Wang Wei Li Liu Chen
    """.split()
)
