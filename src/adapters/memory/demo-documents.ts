/**
 * The demo clinic's documents for its demo patient (Ana): a blood test result with one value
 * flagged high (its values structured too), a prescription (its details, two refills left), a
 * nutrition report (PDFs, Spanish with English beside each line) and an image. In a chunk of its own: only `<patient-documents>` loads it (through
 * `loadDocuments`), and the reference server's demo seed.
 */
import type {SeedDocument} from '../../domain/rules/clinic-data.js';

const LAB = [
  'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUg',
  'L1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAg',
  'UiAvTWVkaWFCb3ggWzAgMCA1OTUgODQyXSAvUmVzb3VyY2VzIDw8IC9Gb250IDw8IC9GMSA0IDAgUiA+PiA+PiAvQ29udGVudHMg',
  'NSAwIFIgPj4KZW5kb2JqCjQgMCBvYmoKPDwgL1R5cGUgL0ZvbnQgL1N1YnR5cGUgL1R5cGUxIC9CYXNlRm9udCAvSGVsdmV0aWNh',
  'IC9FbmNvZGluZyAvV2luQW5zaUVuY29kaW5nID4+CmVuZG9iago1IDAgb2JqCjw8IC9MZW5ndGggNTU4ID4+CnN0cmVhbQpCVCAv',
  'RjEgMTEgVGYKL0YxIDE2IFRmIDEgMCAwIDEgNTYgNzgwIFRtIChDbFwzNTVuaWNhIERlbW8gUm9tYSBOb3J0ZSkgVGoKL0YxIDEz',
  'IFRmIDEgMCAwIDEgNTYgNzU1IFRtIChCaW9tZXRyXDM1NWEgaGVtXDM0MXRpY2EgLyBDb21wbGV0ZSBibG9vZCBjb3VudCkgVGoK',
  'L0YxIDExIFRmIDEgMCAwIDEgNTYgNzMzIFRtIChQYWNpZW50ZSAvIFBhdGllbnQ6IEFuYSBHYXJjXDM1NWEgTFwzNjNwZXopIFRq',
  'Ci9GMSAxMSBUZiAxIDAgMCAxIDU2IDcxMyBUbSAoSGVtb2dsb2JpbmEgLyBIYWVtb2dsb2JpbjogMTMuOCBnL2RMIFwoMTIuMC0x',
  'NS41XCkpIFRqCi9GMSAxMSBUZiAxIDAgMCAxIDU2IDY5MyBUbSAoTGV1Y29jaXRvcyAvIFdoaXRlIGNlbGxzOiAxMS45IHgxMF4z',
  'L3VMIFwoNC41LTExLjBcKSBBTFRPIC8gSElHSCkgVGoKL0YxIDExIFRmIDEgMCAwIDEgNTYgNjczIFRtIChQbGFxdWV0YXMgLyBQ',
  'bGF0ZWxldHM6IDI1MSB4MTBeMy91TCBcKDE1MC00MDBcKSkgVGoKL0YxIDEwIFRmIDEgMCAwIDEgNTYgNjUzIFRtIChEcmEuIFNv',
  'ZlwzNTVhIFJhbVwzNTVyZXogTHVuYSkgVGoKRVQKZW5kc3RyZWFtCmVuZG9iagp4cmVmCjAgNgowMDAwMDAwMDAwIDY1NTM1IGYg',
  'CjAwMDAwMDAwMDkgMDAwMDAgbiAKMDAwMDAwMDA1OCAwMDAwMCBuIAowMDAwMDAwMTE1IDAwMDAwIG4gCjAwMDAwMDAyNDEgMDAw',
  'MDAgbiAKMDAwMDAwMDMzOCAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDYgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjk0Nwol',
  'JUVPRgo=',
].join('');
const PRESCRIPTION = [
  'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUg',
  'L1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAg',
  'UiAvTWVkaWFCb3ggWzAgMCA1OTUgODQyXSAvUmVzb3VyY2VzIDw8IC9Gb250IDw8IC9GMSA0IDAgUiA+PiA+PiAvQ29udGVudHMg',
  'NSAwIFIgPj4KZW5kb2JqCjQgMCBvYmoKPDwgL1R5cGUgL0ZvbnQgL1N1YnR5cGUgL1R5cGUxIC9CYXNlRm9udCAvSGVsdmV0aWNh',
  'IC9FbmNvZGluZyAvV2luQW5zaUVuY29kaW5nID4+CmVuZG9iago1IDAgb2JqCjw8IC9MZW5ndGggNDI2ID4+CnN0cmVhbQpCVCAv',
  'RjEgMTEgVGYKL0YxIDE2IFRmIDEgMCAwIDEgNTYgNzgwIFRtIChDbFwzNTVuaWNhIERlbW8gUm9tYSBOb3J0ZSkgVGoKL0YxIDEz',
  'IFRmIDEgMCAwIDEgNTYgNzU1IFRtIChSZWNldGEgbVwzNTFkaWNhIC8gUHJlc2NyaXB0aW9uKSBUagovRjEgMTEgVGYgMSAwIDAg',
  'MSA1NiA3MzMgVG0gKFBhY2llbnRlIC8gUGF0aWVudDogQW5hIEdhcmNcMzU1YSBMXDM2M3BleikgVGoKL0YxIDExIFRmIDEgMCAw',
  'IDEgNTYgNzEzIFRtIChcMzAxY2lkbyBmXDM2M2xpY28gLyBGb2xpYyBhY2lkIDUgbWc6IDEgdGFibGV0YSBhbCBkXDM1NWEgLyAx',
  'IHRhYmxldCBhIGRheSwgMzAgZFwzNTVhcyAvIGRheXMpIFRqCi9GMSAxMCBUZiAxIDAgMCAxIDU2IDY5MyBUbSAoRHJhLiBTb2Zc',
  'MzU1YSBSYW1cMzU1cmV6IEx1bmEgLSBDXDM1MWR1bGEgMTIzNDU2NykgVGoKRVQKZW5kc3RyZWFtCmVuZG9iagp4cmVmCjAgNgow',
  'MDAwMDAwMDAwIDY1NTM1IGYgCjAwMDAwMDAwMDkgMDAwMDAgbiAKMDAwMDAwMDA1OCAwMDAwMCBuIAowMDAwMDAwMTE1IDAwMDAw',
  'IG4gCjAwMDAwMDAyNDEgMDAwMDAgbiAKMDAwMDAwMDMzOCAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDYgL1Jvb3QgMSAwIFIg',
  'Pj4Kc3RhcnR4cmVmCjgxNQolJUVPRgo=',
].join('');
const REPORT = [
  'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUg',
  'L1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAg',
  'UiAvTWVkaWFCb3ggWzAgMCA1OTUgODQyXSAvUmVzb3VyY2VzIDw8IC9Gb250IDw8IC9GMSA0IDAgUiA+PiA+PiAvQ29udGVudHMg',
  'NSAwIFIgPj4KZW5kb2JqCjQgMCBvYmoKPDwgL1R5cGUgL0ZvbnQgL1N1YnR5cGUgL1R5cGUxIC9CYXNlRm9udCAvSGVsdmV0aWNh',
  'IC9FbmNvZGluZyAvV2luQW5zaUVuY29kaW5nID4+CmVuZG9iago1IDAgb2JqCjw8IC9MZW5ndGggMjk2ID4+CnN0cmVhbQpCVCAv',
  'RjEgMTEgVGYKL0YxIDE2IFRmIDEgMCAwIDEgNTYgNzgwIFRtIChDbFwzNTVuaWNhIERlbW8gUm9tYSBOb3J0ZSkgVGoKL0YxIDEz',
  'IFRmIDEgMCAwIDEgNTYgNzU1IFRtIChJbmZvcm1lIGRlIG51dHJpY2lcMzYzbiAvIE51dHJpdGlvbiByZXBvcnQpIFRqCi9GMSAx',
  'MSBUZiAxIDAgMCAxIDU2IDczMyBUbSAoUGxhbiBkZSBhbGltZW50YWNpXDM2M24gcmV2aXNhZG8gLyBNZWFsIHBsYW4gcmV2aWV3',
  'ZWQuKSBUagovRjEgMTAgVGYgMSAwIDAgMSA1NiA3MTMgVG0gKERyYS4gTWFyaWFuYSBDaGVuIE9ydGl6KSBUagpFVAplbmRzdHJl',
  'YW0KZW5kb2JqCnhyZWYKMCA2CjAwMDAwMDAwMDAgNjU1MzUgZiAKMDAwMDAwMDAwOSAwMDAwMCBuIAowMDAwMDAwMDU4IDAwMDAw',
  'IG4gCjAwMDAwMDAxMTUgMDAwMDAgbiAKMDAwMDAwMDI0MSAwMDAwMCBuIAowMDAwMDAwMzM4IDAwMDAwIG4gCnRyYWlsZXIKPDwg',
  'L1NpemUgNiAvUm9vdCAxIDAgUiA+PgpzdGFydHhyZWYKNjg1CiUlRU9GCg==',
].join('');
const IMAGE =
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAAMUlEQVR42u3OQQ0AAAgEoItmLDOZ0hbOBxsBSPW8EiEhISEhISEhISEhISEhISGhSwu+Dkx50QX/QgAAAABJRU5ErkJggg==';

export function demoDocuments(): readonly SeedDocument[] {
  return [
    {
      key: 'ana-blood-test',
      patientKey: 'ana',
      folder: 'results',
      fileName: 'biometria-hematica.pdf',
      author: 'Dra. Sofía Ramírez Luna',
      daysAgo: 2,
      content: LAB,
      results: {
        values: [
          {name: 'Hemoglobina', value: 13.8, unit: 'g/dL', referenceRange: {low: 12, high: 15.5}},
          {name: 'Leucocitos', value: 11.9, unit: '×10³/µL', referenceRange: {low: 4.5, high: 11}},
          {name: 'Plaquetas', value: 251, unit: '×10³/µL', referenceRange: {low: 150, high: 400}},
          {name: 'Glucosa en ayunas', value: 92, unit: 'mg/dL', referenceRange: {low: 70, high: 99}},
        ],
      },
    },
    {
      key: 'ana-prescription',
      patientKey: 'ana',
      folder: 'prescriptions',
      fileName: 'receta-acido-folico.pdf',
      author: 'Dra. Sofía Ramírez Luna',
      daysAgo: 2,
      content: PRESCRIPTION,
      prescription: {
        medication: 'Ácido fólico 5 mg, tabletas',
        dose: '1 tableta',
        instructions: 'Una vez al día, por la mañana, durante 30 días.',
        prescriber: 'Dra. Sofía Ramírez Luna',
        refillsAllowed: true,
        refillsLeft: 2,
        expiresInDays: 180,
      },
    },
    {
      key: 'ana-nutrition-report',
      patientKey: 'ana',
      folder: 'reports',
      fileName: 'informe-nutricion.pdf',
      author: 'Dra. Mariana Chen Ortiz',
      daysAgo: 40,
      content: REPORT,
    },
    {
      key: 'ana-skin-photo',
      patientKey: 'ana',
      folder: 'images',
      fileName: 'foto-dermatologia.png',
      author: 'Dr. Javier Ortega Ruiz',
      note: 'Control',
      daysAgo: 75,
      content: IMAGE,
    },
  ];
}
