/**
 * The demo clinic's questionnaires and consent documents: the medical history asked before a
 * dermatology visit or a chemical peel (with `enableWhen`: the pregnancy question only when it may
 * apply, the medication list only after "yes"), and the chemical-peel consent, version 2. Written
 * in Spanish with English through FHIR's translation extension. In a chunk of its own: the memory
 * adapter loads it with its forms part (`loadForms`), and the reference server seeds the same.
 */
import type {
  AnswerOption,
  ConsentDocument,
  FhirElement,
  Questionnaire,
  QuestionnaireItem,
} from '../../domain/forms.js';
import {TRANSLATION_URL} from '../../domain/rules/forms.js';
import type {ClinicData} from '../../domain/rules/clinic-data.js';

const en = (content: string): FhirElement => ({
  extension: [
    {
      url: TRANSLATION_URL,
      extension: [
        {url: 'lang', valueCode: 'en'},
        {url: 'content', valueString: content},
      ],
    },
  ],
});

/** Text in Spanish with its English translation. */
const tx = (es: string, english: string) => ({text: es, _text: en(english)});

const option = (system: string, code: string, es: string, english: string): AnswerOption => ({
  valueCoding: {system, code, display: es, _display: en(english)},
});

const help = (linkId: string, es: string, english: string): QuestionnaireItem => ({
  linkId,
  type: 'display',
  ...tx(es, english),
  extension: [
    {
      url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
      valueCodeableConcept: {
        coding: [{system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'help'}],
      },
    },
  ],
});

const SEX = 'http://hl7.org/fhir/administrative-gender';
const DEMO = 'https://demo.clinic.example/fhir/CodeSystem';

export const MEDICAL_HISTORY_ID = 'medical-history';
export const PEEL_CONSENT_ID = 'chemical-peel';

const medicalHistory: Questionnaire = {
  resourceType: 'Questionnaire',
  id: MEDICAL_HISTORY_ID,
  url: 'https://demo.clinic.example/fhir/Questionnaire/medical-history',
  version: '1',
  language: 'es',
  status: 'active',
  ...{title: 'Historia clínica', _title: en('Medical history')},
  item: [
    {
      linkId: 'about',
      type: 'group',
      ...tx('Sobre usted', 'About you'),
      item: [
        {
          linkId: 'sex',
          type: 'choice',
          required: true,
          ...tx('Sexo asignado al nacer', 'Sex assigned at birth'),
          answerOption: [
            option(SEX, 'female', 'Femenino', 'Female'),
            option(SEX, 'male', 'Masculino', 'Male'),
            option(SEX, 'other', 'Otro', 'Other'),
            option(SEX, 'unknown', 'Prefiero no decirlo', 'I prefer not to say'),
          ],
        },
        {
          linkId: 'pregnant',
          type: 'boolean',
          required: true,
          ...tx(
            '¿Está embarazada, podría estarlo o está amamantando?',
            'Are you pregnant, could you be, or are you breastfeeding?',
          ),
          enableWhen: [
            {question: 'sex', operator: '!=', answerCoding: {system: SEX, code: 'male'}},
            {question: 'sex', operator: 'exists', answerBoolean: true},
          ],
          enableBehavior: 'all',
          item: [
            help(
              'pregnant-help',
              'Los peelings químicos no se realizan durante el embarazo ni la lactancia.',
              'Chemical peels are not done during pregnancy or breastfeeding.',
            ),
          ],
        },
        {
          linkId: 'height',
          type: 'integer',
          ...tx('Estatura (cm)', 'Height (cm)'),
        },
        {
          linkId: 'weight',
          type: 'decimal',
          ...tx('Peso (kg)', 'Weight (kg)'),
        },
      ],
    },
    {
      linkId: 'health',
      type: 'group',
      ...tx('Su salud', 'Your health'),
      item: [
        {
          linkId: 'takes-medication',
          type: 'boolean',
          required: true,
          ...tx('¿Toma algún medicamento actualmente?', 'Do you currently take any medication?'),
        },
        {
          linkId: 'medications',
          type: 'text',
          required: true,
          maxLength: 1000,
          ...tx('¿Cuáles medicamentos y en qué dosis?', 'Which medications, and what doses?'),
          enableWhen: [{question: 'takes-medication', operator: '=', answerBoolean: true}],
        },
        {
          linkId: 'isotretinoin',
          type: 'boolean',
          required: true,
          ...tx(
            '¿Ha tomado isotretinoína (Roaccutan) en los últimos 6 meses?',
            'Have you taken isotretinoin (Accutane) in the last 6 months?',
          ),
        },
        {
          linkId: 'allergies',
          type: 'open-choice',
          repeats: true,
          ...tx('Alergias (marque todas las que apliquen)', 'Allergies (tick all that apply)'),
          answerOption: [
            option(DEMO, 'latex', 'Látex', 'Latex'),
            option(DEMO, 'lidocaine', 'Lidocaína', 'Lidocaine'),
            option(DEMO, 'aspirin', 'Ácido acetilsalicílico (aspirina)', 'Aspirin'),
            option(DEMO, 'salicylic', 'Ácido salicílico', 'Salicylic acid'),
          ],
          item: [
            help(
              'allergies-help',
              'Si tiene otra alergia, escríbala en «Otra».',
              'If you have another allergy, write it under “Other”.',
            ),
          ],
        },
        {
          linkId: 'skin-type',
          type: 'choice',
          ...tx('Fototipo de piel (escala de Fitzpatrick)', 'Skin type (Fitzpatrick scale)'),
          answerOption: [
            option(DEMO, 'I', 'I — siempre se quema, nunca se broncea', 'I — always burns, never tans'),
            option(DEMO, 'II', 'II — se quema con facilidad', 'II — burns easily'),
            option(DEMO, 'III', 'III — a veces se quema', 'III — sometimes burns'),
            option(DEMO, 'IV', 'IV — rara vez se quema', 'IV — rarely burns'),
            option(DEMO, 'V', 'V — muy rara vez se quema', 'V — very rarely burns'),
            option(DEMO, 'VI', 'VI — nunca se quema', 'VI — never burns'),
            option(DEMO, 'unknown', 'No lo sé', 'I don’t know'),
            option(DEMO, 'ask', 'Prefiero que lo valore la doctora', 'I’d rather the doctor assess it'),
          ],
        },
        {
          linkId: 'last-sun',
          type: 'date',
          ...tx('Última exposición prolongada al sol', 'Last long exposure to the sun'),
        },
        {
          linkId: 'notes',
          type: 'text',
          maxLength: 500,
          ...tx('¿Algo más que debamos saber?', 'Anything else we should know?'),
        },
      ],
    },
  ],
};

const peelConsent: ConsentDocument = {
  id: PEEL_CONSENT_ID,
  version: '2',
  // Its text says so: the patient may withdraw it before the treatment.
  withdrawal: 'before-visit',
  title: {
    es: 'Consentimiento informado para peeling químico',
    en: 'Informed consent for a chemical peel',
  },
  body: {
    es: [
      'Autorizo a la Dra. Chen y al personal de Clínica Demo a realizarme un peeling químico superficial o medio con ácido glicólico, salicílico o tricloroacético, según su valoración.',
      'Entiendo que el tratamiento puede causar enrojecimiento, ardor, descamación, costras, cambios de pigmentación (manchas claras u oscuras) y, rara vez, infección o cicatrices. Los resultados varían y pueden requerirse varias sesiones.',
      'Declaro que he informado de mis medicamentos, alergias, embarazo o lactancia y del uso de isotretinoína en los últimos 6 meses, y que seguiré las indicaciones previas y posteriores que me entregaron.',
      'Sé que puedo retirar este consentimiento antes del tratamiento avisando a la clínica, y que mis datos se tratan conforme al aviso de privacidad de la clínica.',
    ].join('\n\n'),
    en: [
      'I authorise Dr. Chen and the staff of Clínica Demo to perform a superficial or medium chemical peel on me with glycolic, salicylic or trichloroacetic acid, as they judge best.',
      'I understand that the treatment may cause redness, burning, peeling, crusts, changes in pigmentation (light or dark spots) and, rarely, infection or scarring. Results vary and several sessions may be needed.',
      'I confirm that I have told the clinic about my medications, allergies, pregnancy or breastfeeding and any isotretinoin taken in the last 6 months, and that I will follow the pre- and post-treatment instructions I was given.',
      'I know I can withdraw this consent before the treatment by telling the clinic, and that my data is handled under the clinic’s privacy notice.',
    ].join('\n\n'),
  },
};

const short = (
  id: string,
  es: [string, string],
  english: [string, string],
  withdrawal?: ConsentDocument['withdrawal'],
): ConsentDocument => ({
  id,
  version: '1',
  title: {es: es[0], en: english[0]},
  body: {es: es[1], en: english[1]},
  ...(withdrawal ? {withdrawal} : {}),
});

/** The demo clinic's questionnaires and consent documents (fresh objects each time). */
export function demoForms(): Required<Pick<ClinicData, 'questionnaires' | 'consents'>> {
  return structuredClone({
    questionnaires: {[MEDICAL_HISTORY_ID]: medicalHistory},
    consents: {
      [PEEL_CONSENT_ID]: peelConsent,
      'blood-samples': short(
        'blood-samples',
        [
          'Consentimiento para toma de muestras',
          'Autorizo la toma de muestras de sangre para los análisis que indique mi médico.',
        ],
        [
          'Consent for blood samples',
          'I authorise blood samples to be taken for the tests my doctor orders.',
        ],
      ),
      telehealth: short(
        'telehealth',
        [
          'Consentimiento para telemedicina',
          'Acepto recibir atención por videollamada y sé que puedo pedir una consulta presencial en cualquier momento.',
        ],
        [
          'Telehealth consent',
          'I agree to receive care by video call and know I can ask for an in-person visit at any time.',
        ],
        // Withdrawn before the visit: the patient would rather come in person.
        'before-visit',
      ),
      vaccination: short(
        'vaccination',
        [
          'Consentimiento de vacunación',
          'He recibido información sobre la vacuna, sus beneficios y sus posibles efectos secundarios, y acepto que me la apliquen.',
        ],
        [
          'Vaccination consent',
          'I have been told about the vaccine, its benefits and its possible side effects, and I agree to receive it.',
        ],
      ),
    },
  });
}
